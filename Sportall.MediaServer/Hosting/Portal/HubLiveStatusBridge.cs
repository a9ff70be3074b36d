using System.Threading.Channels;
using Sportall.MediaServer.Hub;
using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>
/// Tells the portal when a live name starts and stops publishing, so its event turns live / ended.
/// The hub raises its events on publisher threads; they are queued here and applied in order on one
/// loop, so a catalog write never holds up ingest and a quick stop/start cannot be reordered.
/// </summary>
public sealed partial class HubLiveStatusBridge(StreamHub hub, ILiveStatusSink sink, ILogger<HubLiveStatusBridge> logger) : BackgroundService
{
    private readonly Channel<(string Name, bool Started)> _changes = Channel.CreateUnbounded<(string, bool)>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken ct)
    {
        hub.Published += OnPublished;
        hub.Unpublished += OnUnpublished;
        return base.StartAsync(ct);
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        hub.Published -= OnPublished;
        hub.Unpublished -= OnUnpublished;
        await base.StopAsync(ct);
    }

    private void OnPublished(LiveSource source) => _changes.Writer.TryWrite((source.Name, true));
    private void OnUnpublished(LiveSource source) => _changes.Writer.TryWrite((source.Name, false));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (name, started) in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (started) await sink.PublisherStartedAsync(name, stoppingToken);
                else await sink.PublisherStoppedAsync(name, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, name, started ? "live" : "ended", ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal: could not mark the event of '{Name}' {State}.")]
    private static partial void LogFailed(ILogger logger, string name, string state, Exception exception);
}
