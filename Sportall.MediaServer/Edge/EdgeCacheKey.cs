using System.Text;
using Microsoft.AspNetCore.OutputCaching;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// The identity of a cached object, the same on every edge: path plus the LL-HLS directives that change
/// the answer (RFC 8216bis §6.2.5: _HLS_msn, _HLS_part, _HLS_skip). Never the host (edges sit behind
/// different names), never the token or any other viewer parameter.
/// </summary>
internal static class EdgeCacheKey
{
    public const string ItemKey = "sportall.edge.key";

    // The output cache key provider appends method, scheme and path after the prefix, separated by RS
    // (U+001E); the canonical key is everything before the first RS, so the store can find it again.
    public const char Delimiter = '\x1e';

    private static readonly string[] Directives = ["_HLS_msn", "_HLS_part", "_HLS_skip"];

    public static string For(HttpRequest request)
    {
        var query = request.Query;
        if (query.Count == 0)
        {
            return request.Path.Value ?? "/";
        }
        var builder = new StringBuilder(request.Path.Value);
        char separator = '?';
        foreach (var name in Directives)
        {
            var values = query[name];
            if (values.Count > 0)
            {
                builder.Append(separator).Append(name).Append('=').Append(values.ToString());
                separator = '&';
            }
        }
        return builder.ToString();
    }

    /// <summary>The canonical key at the start of an output cache storage key.</summary>
    public static ReadOnlySpan<char> CanonicalOf(string storageKey)
    {
        int end = storageKey.IndexOf(Delimiter);
        return end < 0 ? storageKey : storageKey.AsSpan(0, end);
    }

    /// <summary>The origin query string of a canonical key (only the directives travel to the origin).</summary>
    public static string OriginPathAndQuery(string canonicalKey) => canonicalKey;

    public static void Apply(OutputCacheContext context, string canonicalKey)
    {
        var rules = context.CacheVaryByRules;
        rules.VaryByHost = false;
        rules.CacheKeyPrefix = canonicalKey;
    }
}
