using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// The node's one Redis connection, shared by ownership claims, lookups and the events subscription.
/// Connects on first use and keeps retrying in the background when Redis is away (AbortOnConnectFail off),
/// so a node starts and serves while Redis restarts.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(IOptions<ClusterOptions> options)
    {
        var cluster = options.Value;
        var configuration = ConfigurationOptions.Parse(cluster.Redis ?? throw new InvalidOperationException("Cluster:Redis is not set."));
        configuration.AbortOnConnectFail = false;
        configuration.SyncTimeout = cluster.CommandTimeoutMs;
        configuration.AsyncTimeout = cluster.CommandTimeoutMs;
        configuration.ConnectTimeout = Math.Max(cluster.CommandTimeoutMs, 2_000);
        configuration.ClientName ??= "sportall-" + (cluster.NodeId ?? Environment.MachineName);
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>Drops the connection at once, as a crashed process would: nothing is released or flushed.</summary>
    internal void Abort()
    {
        if (_multiplexer.IsValueCreated) _multiplexer.Value.Close(allowCommandsToComplete: false);
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated) _multiplexer.Value.Dispose();
    }
}
