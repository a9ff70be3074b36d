namespace Sportall.MediaServer.Edge;

/// <summary>The edge cache role, bound from the "Edge" configuration section.</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    /// <summary>Base URLs of the origins (packager nodes), e.g. http://origin-1:8080; tried in order on connection failure. With Cluster:Redis, the fallback when a live stream has no owner (may then be empty).</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>This node's name in metrics and in the X-Sportall-Edge header sent to origins; default the machine name.</summary>
    public string? Name { get; set; }

    /// <summary>StackExchange.Redis connection string of the store shared by every edge (e.g. 127.0.0.1:6379); unset = memory only.</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of every Redis key, so one Redis can serve several clusters.</summary>
    public string RedisInstanceName { get; set; } = "sportall-edge:";

    /// <summary>Bytes of responses held in this node's memory (hot objects). A 60 s window of a 3 Mb/s ladder is ~25 MB per stream.</summary>
    public long MemoryCacheBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Bytes of immutable media answered straight from memory ahead of the output cache (the hottest objects).</summary>
    public long HotMediaBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Bytes of last-good copies kept for stale-if-error answers when every origin fails.</summary>
    public long StaleCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest object cached; bigger ones pass through. A 2 s segment at 25 Mb/s is ~6 MB, so 32 MiB.</summary>
    public int MaxObjectBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Longest any object is kept, immutable media included: the live window is a minute, so ten.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after its fetch a segment, part or init segment may answer for a failed origin.</summary>
    public TimeSpan MediaStaleWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a 404 is cached. Must stay at most half a part so a just-published part is never hidden;
    /// it is further capped at half the stream's PART-TARGET once a playlist of the stream has passed through.</summary>
    public TimeSpan NotFoundTtl { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How long an origin may take to answer; above the origin's blocking-reload limit (three target durations).</summary>
    public TimeSpan OriginTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one edge holds the cluster-wide fill lock of an object before others fetch it themselves.</summary>
    public TimeSpan FillLockTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Stale-if-error window of playlists when the origin fails, if the playlist names no target duration.</summary>
    public TimeSpan PlaylistStaleFallback { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Signed playback. Off unless <see cref="EdgeSigningOptions.Required"/> is set.</summary>
    public EdgeSigningOptions Signing { get; set; } = new();

    /// <summary>Stream-name prefix → tenant, for the egress counters; the longest matching prefix wins, else "default".</summary>
    public Dictionary<string, string> Tenants { get; set; } = new(StringComparer.Ordinal);
}
