using System.Net.Http.Headers;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// How long the edge keeps an origin answer, from the origin's Cache-Control (see the packager's
/// DeliveryHeaders): immutable media for its max-age (capped), playlists for about one part, 404s for at
/// most half a part, and nothing the origin marks no-store or private.
/// </summary>
internal static class EdgeCacheRules
{
    public static TimeSpan Ttl(EdgeObjectKind kind, int status, CacheControlHeaderValue? cacheControl, bool blockingReload,
        ReadOnlySpan<byte> body, double? partTargetSeconds, EdgeOptions options)
    {
        if (status == 404)
        {
            // The origin sends max-age=0: a future part exists within a part duration. A stampede on the
            // next part still needs one shared answer, so the edge keeps the 404 briefly, never more than
            // half a part, so that a part published just after is served within half a part.
            var cap = options.NotFoundTtl;
            if (partTargetSeconds is double part)
            {
                cap = Min(cap, TimeSpan.FromSeconds(part / 2));
            }
            return cap;
        }
        if (status != 200 || cacheControl is null || cacheControl.NoStore || cacheControl.Private || cacheControl.NoCache
            || cacheControl.MaxAge is not TimeSpan maxAge || maxAge <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var ttl = Min(maxAge, options.MaxTtl);
        // A plain live reload must not be older than about a part; the origin's max-age has whole seconds
        // only (1 s at a 0.5 s part target), the playlist itself says the part target exactly. A blocking
        // reload names its msn/part in the URL and stays correct for that URL: the origin's max-age holds.
        if (kind == EdgeObjectKind.Playlist && !blockingReload
            && EdgeStreamTimings.TryReadSeconds(body, "PART-TARGET="u8, out double partTarget))
        {
            ttl = Min(ttl, TimeSpan.FromSeconds(partTarget));
        }
        return ttl;
    }

    /// <summary>How long after its fetch a good copy may answer for a failed origin (stale-if-error).</summary>
    public static TimeSpan StaleWindow(EdgeObjectKind kind, ReadOnlySpan<byte> body, TimeSpan ttl, EdgeOptions options)
    {
        switch (kind)
        {
            case EdgeObjectKind.Playlist:
                // Up to one target duration: a player holding a playlist that old still finds its segments.
                if (EdgeStreamTimings.TryReadSeconds(body, "#EXT-X-TARGETDURATION:"u8, out double target))
                {
                    return TimeSpan.FromSeconds(target);
                }
                // The multivariant playlist names no target; the origin's max-age for it is the target duration.
                return ttl > TimeSpan.Zero ? ttl : options.PlaylistStaleFallback;
            case EdgeObjectKind.Mpd:
            case EdgeObjectKind.Other:
                return options.PlaylistStaleFallback;
            default:
                // Published media never changes under its URL.
                return options.MediaStaleWindow;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
