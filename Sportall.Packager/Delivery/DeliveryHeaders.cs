using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Sportall.Packager.Delivery;

/// <summary>Content types, cache lifetimes and CORS headers of the live delivery endpoints.</summary>
internal static class DeliveryHeaders
{
    // RFC 8216bis §4: a Playlist is identified by its .m3u8 path "or by HTTP Content-Type ... MUST be
    // application/vnd.apple.mpegurl".
    public const string HlsPlaylist = "application/vnd.apple.mpegurl";
    public const string DashMpd = "application/dash+xml";

    // Init segments, segments and parts alike are served as video/mp4 (audio/mp4 for audio tracks): MSE
    // players ignore the type, CDNs and proxies know it, while video/iso.segment is missing from most
    // compression and caching rules.
    public const string VideoMp4 = "video/mp4";
    public const string AudioMp4 = "audio/mp4";

    // Published media never changes under its URL (a new period has a new init URL, sequence numbers only grow).
    public const string Immutable = "public, max-age=31536000, immutable";

    // Media that does not exist yet will exist within a part duration: a 404 must not be cached for longer
    // than half a part (0.25 s at the default 0.5 s target), and max-age has whole seconds only.
    public const string NotYetAvailable = "max-age=0";

    public const string NoStore = "no-store";

    // An ended playlist or MPD changes no more, unless the name is published again as a new stream.
    public const int EndedMaxAgeSeconds = 60;

    private const int MaxPrebuiltMaxAge = 120;
    private static readonly string[] PublicMaxAge = BuildMaxAges();

    public const string ExposedHeaders = "Content-Length, Content-Range, Accept-Ranges, Date, Age";

    /// <summary>"public, max-age=N" without formatting a string per request.</summary>
    public static string MaxAge(int seconds) =>
        (uint)seconds <= MaxPrebuiltMaxAge ? PublicMaxAge[seconds] : "public, max-age=" + seconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>Players are served from other origins (portal, embeds): everything under /live and /time is public.</summary>
    public static void ApplyCors(HttpResponse response)
    {
        var headers = response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlExposeHeaders = ExposedHeaders;
    }

    public static void ApplyPreflight(HttpResponse response)
    {
        ApplyCors(response);
        var headers = response.Headers;
        headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        headers.AccessControlAllowHeaders = "Range, If-None-Match, If-Modified-Since, Cache-Control";
        headers.AccessControlMaxAge = "86400";
    }

    public static void SetCacheControl(HttpResponse response, string value) => response.Headers[HeaderNames.CacheControl] = value;

    private static string[] BuildMaxAges()
    {
        var values = new string[MaxPrebuiltMaxAge + 1];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = "public, max-age=" + i.ToString(CultureInfo.InvariantCulture);
        }
        return values;
    }
}
