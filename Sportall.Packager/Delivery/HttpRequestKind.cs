namespace Sportall.Packager.Delivery;

/// <summary>The "kind" label of sportall_http_requests_total.</summary>
internal enum HttpRequestKind
{
    Playlist,
    Mpd,
    Init,
    Segment,
    Part,
}
