using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// Read side of the ownership claims: where a live name's origin is. Any role can ask (an edge resolving
/// the origin of a stream it is asked for); it needs only the Redis connection.
/// </summary>
public sealed class RedisStreamDirectory(RedisConnection redis, IOptions<ClusterOptions> options)
{
    /// <summary>The owner of a live name, or null when nobody publishes it (or its node died and the claim expired).</summary>
    public Task<StreamOwner?> FindOwnerAsync(string name) =>
        FindOwnerAsync(redis.Database, options.Value.StreamKeyPrefix + name);

    internal static async Task<StreamOwner?> FindOwnerAsync(IDatabase db, RedisKey key) =>
        Parse(await db.StringGetAsync(key).ConfigureAwait(false));

    internal static StreamOwner? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty) return null;
        try
        {
            return JsonSerializer.Deserialize((string)value!, ClusterJsonContext.Default.StreamOwner);
        }
        catch (JsonException)
        {
            // Not ours (someone wrote the key by hand): treat as taken by an unknown node.
            return new StreamOwner("unknown", "", "", DateTimeOffset.MinValue);
        }
    }
}
