using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sportall.Packager.Vod;

/// <summary>
/// The public URL layout of VOD delivery (recorded lives and uploaded files alike):
/// <code>
/// /vod/{assetId}/index.m3u8                 HLS multivariant playlist
/// /vod/{assetId}/index.mpd                  static DASH MPD
/// /vod/{assetId}/{trackId}/index.m3u8       media playlist (PLAYLIST-TYPE VOD, ENDLIST)
/// /vod/{assetId}/{trackId}/init.mp4         CMAF header
/// /vod/{assetId}/{trackId}/seg-{n}.m4s      media segment n (0-based)
/// </code>
/// Every registered <see cref="IVodPresentationSource"/> is asked, in registration order.
/// </summary>
public static class VodEndpoints
{
    private static readonly string[] GetHead = ["GET", "HEAD"];
    private static readonly string[] Options = ["OPTIONS"];

    public static IEndpointRouteBuilder MapVod(this IEndpointRouteBuilder app)
    {
        var handlers = ActivatorUtilities.CreateInstance<VodDeliveryHandlers>(app.ServiceProvider);
        app.MapMethods("/vod/{assetId}/index.m3u8", GetHead, handlers.MultivariantPlaylistAsync);
        app.MapMethods("/vod/{assetId}/index.mpd", GetHead, handlers.MpdAsync);
        app.MapMethods("/vod/{assetId}/{trackId}/index.m3u8", GetHead, handlers.MediaPlaylistAsync);
        app.MapMethods("/vod/{assetId}/{trackId}/{file}", GetHead, handlers.MediaFileAsync);
        app.MapMethods("/vod/{**path}", Options, VodDeliveryHandlers.PreflightAsync);
        return app;
    }
}
