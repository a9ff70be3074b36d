using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sportall.MediaServer.Hosting;
using Sportall.Packager.Segmentation;
using StackExchange.Redis;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// Stream ownership in Redis: on publish the node claims <c>stream:&lt;name&gt;</c> with SET NX PX and
/// renews it every heartbeat, so a second publisher on another node is refused like on one node and a
/// node that dies frees its names when its claims expire. Started/ended events go to every portal replica
/// over pub/sub. With each heartbeat the owner also records where the stream's numbering stands
/// (<c>streamseq:&lt;name&gt;</c>, kept for a day), so a node that takes the name over continues it.
/// </summary>
/// <remarks>
/// A claim is one synchronous Redis round trip on the publisher's admission path (for SRT that is the
/// listener's receive thread), bounded by <see cref="ClusterOptions.CommandTimeoutMs"/>; releases are
/// sent without waiting.
/// Redis unreachable at publish time: the publish is admitted (a live event must not stop because the
/// shared cache restarts) and the heartbeat keeps trying to take the claim. Two nodes can then both
/// admit a name for as long as Redis is away; the heartbeat that finds the other node's claim counts a
/// conflict and logs it.
/// </remarks>
public sealed partial class RedisStreamOwnership : IStreamOwnership, IStreamContinuity, IHostedService, IDisposable
{
    // Renew and release only a claim that is still ours: after an expiry another node may hold the name.
    private const string RenewScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly RedisConnection _redis;
    private readonly ClusterOptions _options;
    private readonly ServerOptions _server;
    private readonly BoundEndpoints _endpoints;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<PackagerContinuation>> _positions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _heartbeat = Task.CompletedTask;
    private string? _originUrl;

    public RedisStreamOwnership(RedisConnection redis, IOptions<ClusterOptions> options, IOptions<ServerOptions> server,
        BoundEndpoints endpoints, TimeProvider time, ILogger<RedisStreamOwnership> logger)
    {
        _redis = redis;
        _options = options.Value;
        _server = server.Value;
        _endpoints = endpoints;
        _time = time;
        _logger = logger;
        NodeId = _options.NodeId is { Length: > 0 } id ? id : Environment.MachineName;
    }

    public string NodeId { get; }

    /// <summary>Where edges reach this node's origin; known once the HTTP listener is bound.</summary>
    public string OriginUrl => _originUrl ??= _options.OriginUrl is { Length: > 0 } url
        ? url
        : $"http://{Environment.MachineName}:{(_server.HttpPort != 0 ? _server.HttpPort : _endpoints.HttpPort)}/";

    public IReadOnlyCollection<string> HeldNames => (IReadOnlyCollection<string>)_held.Keys;

    public bool TryClaim(string name, string protocol, [NotNullWhen(false)] out string? refusalReason)
    {
        var key = Key(name);
        var owner = new StreamOwner(NodeId, OriginUrl, protocol, _time.GetUtcNow());
        var value = JsonSerializer.Serialize(owner, ClusterJsonContext.Default.StreamOwner);
        var ttl = TimeSpan.FromMilliseconds(_options.ClaimTtlMs);
        try
        {
            var db = _redis.Database;
            var started = Stopwatch.GetTimestamp();
            var claimed = db.StringSet(key, value, ttl, When.NotExists);
            Observe("claim", started);
            if (!claimed)
            {
                var current = Parse(db.StringGet(key));
                // A StatefulSet pod that restarts keeps its name: a claim left by this node's previous
                // process (the local hub has no such publisher, or TryClaim would not be asked) is stale.
                if (current is not null && current.NodeId != NodeId)
                {
                    ClusterMetrics.Refusals.Inc();
                    LogRefused(name, current.NodeId);
                    refusalReason = $"stream '{name}' is already being published (on node {current.NodeId})";
                    return false;
                }
                db.StringSet(key, value, ttl);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            ClusterMetrics.Errors.WithLabels("claim").Inc();
            LogClaimFailedOpen(ex, name);
        }
        if (_held.TryAdd(name, value)) ClusterMetrics.Claims.Inc();
        else _held[name] = value;
        Announce(LiveEvent.Started, name);
        refusalReason = null;
        return true;
    }

    public void Release(string name)
    {
        if (!_held.TryRemove(name, out var value)) return;
        ClusterMetrics.Claims.Dec();
        // Not waited for: the SRT listener ends sessions on its receive thread, which must not stall on
        // Redis. The delete is sent at once; a reconnect elsewhere finds the name free within a round trip.
        _ = ReleaseAsync(name, value);
    }

    private async Task ReleaseAsync(string name, string value)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await _redis.Database.ScriptEvaluateAsync(ReleaseScript, [Key(name)], [value]).ConfigureAwait(false);
            Observe("release", started);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The claim expires on its own within the TTL.
            ClusterMetrics.Errors.WithLabels("release").Inc();
            LogReleaseFailed(ex, name);
        }
        Announce(LiveEvent.Ended, name);
    }

    /// <summary>The owner of a live name anywhere in the cluster, or null when nobody publishes it.</summary>
    public Task<StreamOwner?> FindOwnerAsync(string name) => RedisStreamDirectory.FindOwnerAsync(_redis.Database, Key(name));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _heartbeat = HeartbeatAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _heartbeat.ConfigureAwait(false);
        // Publishers still connected at shutdown are cut by Kestrel/SRT teardown; free their names now so
        // they can reconnect to another node at once instead of after the TTL.
        var releases = new List<Task>();
        foreach (var name in _held.Keys)
        {
            if (_held.TryRemove(name, out var value))
            {
                ClusterMetrics.Claims.Dec();
                releases.Add(ReleaseAsync(name, value));
            }
        }
        await Task.WhenAll(releases).ConfigureAwait(false);
    }

    /// <summary>Stops renewing and drops the connection without releasing anything, as a killed process would.</summary>
    internal async Task AbandonAsync()
    {
        await _stopping.CancelAsync();
        await _heartbeat.ConfigureAwait(false);
        _held.Clear();
        _redis.Abort();
    }

    private async Task HeartbeatAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.HeartbeatIntervalMs), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                foreach (var (name, value) in _held)
                {
                    await RenewAsync(name, value).ConfigureAwait(false);
                    if (_held.ContainsKey(name) && _positions.TryGetValue(name, out var position))
                    {
                        await RecordAsync(name, position()).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(string name, string value)
    {
        var key = Key(name);
        var ttlMs = _options.ClaimTtlMs;
        try
        {
            var db = _redis.Database;
            var started = Stopwatch.GetTimestamp();
            var renewed = (long)await db.ScriptEvaluateAsync(RenewScript, [key], [value, ttlMs]).ConfigureAwait(false);
            Observe("renew", started);
            if (renewed == 1) return;
            // Gone (Redis restarted empty, or it was down longer than the TTL): take it again if free.
            if (await db.StringSetAsync(key, value, TimeSpan.FromMilliseconds(ttlMs), When.NotExists).ConfigureAwait(false)) return;
            var other = Parse(await db.StringGetAsync(key).ConfigureAwait(false));
            if (_held.TryRemove(new KeyValuePair<string, string>(name, value))) ClusterMetrics.Claims.Dec();
            ClusterMetrics.Conflicts.Inc();
            LogConflict(name, other?.NodeId ?? "?");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            ClusterMetrics.Errors.WithLabels("renew").Inc();
            LogRenewFailed(ex, name);
        }
    }

    public PackagerContinuation? Resume(string name, int segmentTargetMs)
    {
        StreamSequenceRecord? record;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var value = _redis.Database.StringGet(SequenceKey(name));
            Observe("resume", started);
            record = value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, ClusterJsonContext.Default.StreamSequenceRecord);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or JsonException)
        {
            ClusterMetrics.Errors.WithLabels("resume").Inc();
            LogResumeFailed(ex, name);
            return null;
        }
        var now = _time.GetUtcNow();
        PackagerContinuation? continuation = null;
        if (record is not null)
        {
            // The owner may have cut segments (and, rarely, started a period) after its last record before it
            // died: skip one segment number per segment target elapsed since, plus one for the segment that was
            // open, and one period index, so no name the previous owner may have served is reused.
            var elapsedMs = Math.Max(0, (now - record.At).TotalMilliseconds);
            var skipped = (long)Math.Ceiling(elapsedMs / Math.Max(1, segmentTargetMs));
            continuation = new PackagerContinuation(Math.Max(1, record.NextSequence) + skipped + 1, Math.Max(0, record.NextPeriodIndex) + 1);
            LogResumed(name, continuation.Value.NextSequence, continuation.Value.NextPeriodIndex);
        }
        // Recorded at once: a node that dies before its first heartbeat still leaves its numbering behind.
        _ = RecordAsync(name, continuation ?? PackagerContinuation.Fresh);
        return continuation;
    }

    public void Track(string name, Func<PackagerContinuation> position) => _positions[name] = position;

    public void Untrack(string name, Func<PackagerContinuation> position) =>
        _positions.TryRemove(new KeyValuePair<string, Func<PackagerContinuation>>(name, position));

    private async Task RecordAsync(string name, PackagerContinuation position)
    {
        var record = new StreamSequenceRecord(position.NextSequence, position.NextPeriodIndex, _time.GetUtcNow());
        var value = JsonSerializer.Serialize(record, ClusterJsonContext.Default.StreamSequenceRecord);
        try
        {
            var started = Stopwatch.GetTimestamp();
            await _redis.Database.StringSetAsync(SequenceKey(name), value, TimeSpan.FromMilliseconds(_options.SequenceTtlMs)).ConfigureAwait(false);
            Observe("record", started);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            ClusterMetrics.Errors.WithLabels("record").Inc();
            LogRecordFailed(ex, name);
        }
    }

    private void Announce(string type, string name)
    {
        var message = JsonSerializer.Serialize(new LiveEvent(type, name, NodeId, OriginUrl, _time.GetUtcNow()), ClusterJsonContext.Default.LiveEvent);
        try
        {
            _redis.Multiplexer.GetSubscriber().Publish(RedisChannel.Literal(_options.EventsChannel), message, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            ClusterMetrics.Errors.WithLabels("publish").Inc();
            LogAnnounceFailed(ex, name);
        }
    }

    private RedisKey Key(string name) => _options.StreamKeyPrefix + name;

    private RedisKey SequenceKey(string name) => _options.SequenceKeyPrefix + name;

    private static StreamOwner? Parse(RedisValue value) => RedisStreamDirectory.Parse(value);

    private static void Observe(string operation, long startedTimestamp) =>
        ClusterMetrics.CommandSeconds.WithLabels(operation).Observe(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Publish of {Stream} refused: node {Owner} owns it")]
    private partial void LogRefused(string stream, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim of {Stream} failed; admitted without a cluster claim, the heartbeat retries")]
    private partial void LogClaimFailedOpen(Exception ex, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release of {Stream} failed; the claim expires by itself")]
    private partial void LogReleaseFailed(Exception ex, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of {Stream} failed")]
    private partial void LogRenewFailed(Exception ex, string stream);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Stream} is published here but node {Owner} holds its claim (Redis was unreachable longer than the TTL)")]
    private partial void LogConflict(string stream, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live event for {Stream} not sent")]
    private partial void LogAnnounceFailed(Exception ex, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the recorded numbering of {Stream} failed; it starts fresh at sequence 1, period 0")]
    private partial void LogResumeFailed(Exception ex, string stream);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Stream} continues the numbering another node recorded: sequence {Sequence}, period {Period}")]
    private partial void LogResumed(string stream, long sequence, int period);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the numbering of {Stream} failed")]
    private partial void LogRecordFailed(Exception ex, string stream);
}
