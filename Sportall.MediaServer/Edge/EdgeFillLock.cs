using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// The short cluster-wide lock one edge holds while it fetches an object from the origin:
/// <c>SET {instance}fill:{key} {edge id} NX PX {timeout}</c>, released by compare-and-delete so an edge
/// never frees a lock that expired and was taken by another.
/// </summary>
internal sealed class EdgeFillLock
{
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly IDatabase _redis;
    private readonly string _prefix;
    private readonly RedisValue _owner = Guid.NewGuid().ToString("N");
    private readonly TimeSpan _timeout;

    public EdgeFillLock(IConnectionMultiplexer redis, IOptions<EdgeOptions> edgeOptions)
    {
        var options = edgeOptions.Value;
        _redis = redis.GetDatabase();
        _prefix = options.RedisInstanceName + "fill:";
        _timeout = options.FillLockTimeout;
    }

    /// <summary>True when this edge holds the lock now (taken now or already its own).</summary>
    public async Task<bool> TryAcquireAsync(string canonicalKey)
    {
        var key = (RedisKey)(_prefix + canonicalKey);
        if (await _redis.StringSetAsync(key, _owner, _timeout, When.NotExists))
        {
            return true;
        }
        return await _redis.StringGetAsync(key) == _owner;
    }

    public Task ReleaseAsync(string canonicalKey) =>
        _redis.ScriptEvaluateAsync(ReleaseScript, [(RedisKey)(_prefix + canonicalKey)], [_owner], CommandFlags.FireAndForget);
}
