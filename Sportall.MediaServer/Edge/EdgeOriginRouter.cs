using System.Collections.Concurrent;
using Sportall.MediaServer.Cluster;
using StackExchange.Redis;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// Which origin serves a live stream when the media nodes share their ownership claims in Redis
/// (<c>stream:&lt;name&gt;</c>, see <see cref="RedisStreamOwnership"/>): the origin URL of the node that
/// publishes it. A lookup is kept for <see cref="CacheFor"/> so a stampede on one stream is one Redis
/// read a second per edge, not one per request; a lookup that fails (Redis away, slow) or finds no
/// owner answers null and the caller falls back to the static <c>Edge:Origins</c>.
/// </summary>
/// <remarks>
/// The answer only chooses where a miss is fetched from; the cache key stays the path, so the playback
/// URL through the edge is the same whichever node owns the stream, before and after a handover.
/// </remarks>
internal sealed partial class EdgeOriginRouter
{
    /// <summary>
    /// How long a lookup answers. Short against the claim TTL (10 s): after a handover the edge follows the
    /// new owner within a second, and a dead owner is forgotten at its first refused connection anyway.
    /// </summary>
    public static readonly TimeSpan DefaultCacheFor = TimeSpan.FromSeconds(1);

    // Names come from viewers' URLs, so the map must not grow with made-up names: past this many, expired
    // entries are swept, and if that is not enough the map starts over (a lookup per stream is cheap).
    private const int MaxCachedStreams = 10_000;

    private readonly Func<string, Task<StreamOwner?>> _lookup;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lookupTimeout;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public EdgeOriginRouter(Func<string, Task<StreamOwner?>> lookup, TimeProvider time, TimeSpan cacheFor, TimeSpan lookupTimeout, ILogger logger)
    {
        _lookup = lookup;
        _time = time;
        CacheFor = cacheFor;
        _lookupTimeout = lookupTimeout;
        _logger = logger;
    }

    public TimeSpan CacheFor { get; }

    /// <summary>The base URL of the origin that owns <paramref name="stream"/>, or null to use the static origins.</summary>
    public Task<Uri?> OwnerOriginAsync(string stream)
    {
        long now = _time.GetTimestamp();
        if (_cache.TryGetValue(stream, out var cached) && now < cached.ExpiresAt)
        {
            return cached.Origin;
        }
        var fresh = new Entry(LookupAsync(stream), now + (long)(CacheFor.TotalSeconds * _time.TimestampFrequency));
        _cache[stream] = fresh;
        if (_cache.Count > MaxCachedStreams)
        {
            Sweep(now);
        }
        return fresh.Origin;
    }

    /// <summary>
    /// Forgets the owner of <paramref name="stream"/> if it is still <paramref name="failed"/>: its node
    /// refused a connection (killed, restarting), and its claim outlives it by up to the claim TTL, so the
    /// next request asks Redis again instead of trying the dead node for the rest of the second.
    /// </summary>
    public void Invalidate(string stream, Uri failed)
    {
        if (_cache.TryGetValue(stream, out var cached)
            && cached.Origin.IsCompletedSuccessfully && cached.Origin.Result == failed)
        {
            _cache.TryRemove(new KeyValuePair<string, Entry>(stream, cached));
            LogInvalidated(_logger, stream, failed);
        }
    }

    private async Task<Uri?> LookupAsync(string stream)
    {
        StreamOwner? owner;
        try
        {
            owner = await _lookup(stream).WaitAsync(_lookupTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Remembered like an answer for CacheFor: a Redis outage costs one timeout per stream a second.
            LogLookupFailed(_logger, stream, ex.Message);
            return null;
        }
        return Parse(owner);
    }

    /// <summary>The owner's origin base URL (with the trailing slash relative URIs need), or null when there is none usable.</summary>
    internal static Uri? Parse(StreamOwner? owner)
    {
        if (owner is null || string.IsNullOrWhiteSpace(owner.OriginUrl))
        {
            return null;
        }
        var url = owner.OriginUrl.EndsWith('/') ? owner.OriginUrl : owner.OriginUrl + "/";
        return Uri.TryCreate(url, UriKind.Absolute, out var origin) && origin.Scheme is "http" or "https" ? origin : null;
    }

    private void Sweep(long now)
    {
        foreach (var (stream, entry) in _cache)
        {
            if (now >= entry.ExpiresAt)
            {
                _cache.TryRemove(new KeyValuePair<string, Entry>(stream, entry));
            }
        }
        if (_cache.Count > MaxCachedStreams)
        {
            _cache.Clear();
        }
    }

    private sealed record Entry(Task<Uri?> Origin, long ExpiresAt);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Looking up the owner of {Stream} in Redis failed ({Error}); using the static origins")]
    private static partial void LogLookupFailed(ILogger logger, string stream, string error);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Owner origin {Origin} of {Stream} refused the connection; asking Redis again")]
    private static partial void LogInvalidated(ILogger logger, string stream, Uri origin);
}
