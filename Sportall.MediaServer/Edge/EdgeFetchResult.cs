namespace Sportall.MediaServer.Edge;

/// <summary>
/// One origin answer as the edge keeps it: status, the headers it forwards and the whole body. Shared by
/// every request that waited for the same fetch and kept as the last good copy for stale-if-error.
/// </summary>
internal sealed record EdgeFetchResult(
    int StatusCode,
    string? ContentType,
    string? CacheControl,
    string? ETag,
    string? LastModified,
    byte[] Body,
    TimeSpan Ttl,
    string? Error = null)
{
    public DateTimeOffset FetchedAt { get; init; }

    /// <summary>The copy may answer for a failed origin until then.</summary>
    public DateTimeOffset StaleUntil { get; init; }

    /// <summary>False when the body was too large to keep: waiters fetch for themselves.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>A last good copy answering for a failed origin.</summary>
    public bool Stale { get; init; }

    public static EdgeFetchResult Failure(int status, string error) =>
        new(status, "text/plain; charset=utf-8", "no-store", null, null, System.Text.Encoding.UTF8.GetBytes(error + "\n"), TimeSpan.Zero, error);
}
