using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// Receives the live started/ended events every node sends on the events channel, so each portal replica
/// learns what went live anywhere. Pub/sub is fire-and-forget: a replica that was disconnected misses the
/// events of that time and should re-read the claims (<see cref="RedisStreamDirectory"/>) on reconnect.
/// </summary>
public sealed partial class LiveEventSubscriber(RedisConnection redis, IOptions<ClusterOptions> options,
    ILogger<LiveEventSubscriber> logger) : IHostedService
{
    private ChannelMessageQueue? _queue;

    /// <summary>Raised for every event, in channel order, on one background thread.</summary>
    public event Action<LiveEvent>? Received;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _queue = await redis.Multiplexer.GetSubscriber()
                .SubscribeAsync(RedisChannel.Literal(options.Value.EventsChannel)).ConfigureAwait(false);
            _queue.OnMessage(Dispatch);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The multiplexer re-subscribes by itself once Redis answers.
            LogSubscribeFailed(logger, ex, options.Value.EventsChannel);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is { } queue)
        {
            try
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                // Shutting down: nothing to unsubscribe from.
            }
        }
    }

    private void Dispatch(ChannelMessage message)
    {
        LiveEvent? liveEvent;
        try
        {
            liveEvent = JsonSerializer.Deserialize((string)message.Message!, ClusterJsonContext.Default.LiveEvent);
        }
        catch (JsonException ex)
        {
            LogMalformed(logger, ex);
            return;
        }
        if (liveEvent is not null) Received?.Invoke(liveEvent);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to {Channel} failed; retried when Redis reconnects")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception ex, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed live event")]
    private static partial void LogMalformed(ILogger logger, Exception ex);
}
