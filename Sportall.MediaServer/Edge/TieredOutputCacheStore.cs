using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// The edge's output cache store: this node's memory first (hot objects, no network hop), then the Redis
/// store shared by every edge (Microsoft.AspNetCore.OutputCaching.StackExchangeRedis). A miss in both
/// takes the object's cluster-wide fill lock: the one edge holding it fetches from the origin, the others
/// poll Redis until the object appears there, so the origin sees about one fetch per object per cluster.
/// </summary>
internal sealed class TieredOutputCacheStore : IOutputCacheStore, IDisposable
{
    // Another edge's fill usually lands within one origin round trip; 10 ms polls cost one GET each.
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(10);

    private readonly MemoryCache _memory;
    private readonly IOutputCacheStore? _shared;
    private readonly EdgeFillLock? _fillLock;
    private readonly IDatabase? _redis;
    private readonly string _sharedValuePrefix;
    private readonly EdgeOptions _options;
    private readonly ILogger _logger;

    public TieredOutputCacheStore(EdgeOptions options, IOutputCacheStore? shared, IConnectionMultiplexer? redis, EdgeFillLock? fillLock, ILogger<TieredOutputCacheStore> logger)
    {
        _options = options;
        _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.MemoryCacheBytes });
        _shared = shared;
        _redis = redis?.GetDatabase();
        _fillLock = fillLock;
        _logger = logger;
        // RedisOutputCacheStore keeps each value under "{InstanceName}__MSOCV_{key}"; reading that key's
        // remaining TTL lets this node's copy expire when the shared one does, not a full lifetime later.
        _sharedValuePrefix = options.RedisInstanceName + "__MSOCV_";
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_memory.TryGetValue(key, out byte[]? local))
        {
            EdgeMetrics.StoreHit("memory");
            return local;
        }
        if (_shared is null || _fillLock is null || _redis is null)
        {
            return null;
        }
        try
        {
            string canonical = EdgeCacheKey.CanonicalOf(key).ToString();
            long deadline = Environment.TickCount64 + (long)_options.FillLockTimeout.TotalMilliseconds;
            bool waited = false;
            while (true)
            {
                var ttlTask = _redis.KeyTimeToLiveAsync(_sharedValuePrefix + key);
                var value = await _shared.GetAsync(key, cancellationToken);
                var ttl = await ttlTask;
                if (value is not null)
                {
                    EdgeMetrics.StoreHit(waited ? "shared-after-wait" : "shared");
                    var keep = ttl is { } remaining && remaining > TimeSpan.Zero ? remaining : _options.NotFoundTtl;
                    _memory.Set(key, value, new MemoryCacheEntryOptions { Size = value.Length, AbsoluteExpirationRelativeToNow = keep });
                    return value;
                }
                if (await _fillLock.TryAcquireAsync(canonical) || Environment.TickCount64 > deadline)
                {
                    // This edge fills the object (or the holder took too long and every edge goes on its own).
                    return null;
                }
                waited = true;
                await Task.Delay(LockPollInterval, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The shared tier is an optimisation: without it each edge still coalesces its own misses.
            EdgeLog.SharedStoreFailed(_logger, ex.Message);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        _memory.Set(key, value, new MemoryCacheEntryOptions { Size = value.Length, AbsoluteExpirationRelativeToNow = validFor });
        if (_shared is null || _fillLock is null)
        {
            return;
        }
        try
        {
            await _shared.SetAsync(key, value, tags, validFor, cancellationToken);
            await _fillLock.ReleaseAsync(EdgeCacheKey.CanonicalOf(key).ToString());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            EdgeLog.SharedStoreFailed(_logger, ex.Message);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        // Edge entries carry no tags; memory entries expire on their own.
        if (_shared is not null)
        {
            await _shared.EvictByTagAsync(tag, cancellationToken);
        }
    }

    public void Dispose()
    {
        _memory.Dispose();
        (_shared as IDisposable)?.Dispose();
    }
}
