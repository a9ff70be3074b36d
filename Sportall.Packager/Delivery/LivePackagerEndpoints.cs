using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sportall.Packager.Delivery;

/// <summary>
/// The public URL layout of live delivery:
/// <code>
/// /live/{name}/index.m3u8                          HLS multivariant playlist
/// /live/{name}/index.mpd                           DASH MPD
/// /live/{name}/{trackId}/index.m3u8                LL-HLS media playlist (_HLS_msn, _HLS_part, _HLS_skip)
/// /live/{name}/{trackId}/init-{period}.mp4         CMAF header of a period
/// /live/{name}/{trackId}/seg-{msn}.m4s             complete segment
/// /live/{name}/{trackId}/part-{msn}.{part}.m4s     LL-HLS part
/// /time                                            server clock (DASH UTCTiming, http-iso)
/// /play/{name}                                     built-in hls.js test player
/// </code>
/// </summary>
public static class LivePackagerEndpoints
{
    private static readonly string[] GetHead = ["GET", "HEAD"];
    private static readonly string[] Options = ["OPTIONS"];

    public static IEndpointRouteBuilder MapLivePackager(this IEndpointRouteBuilder app)
    {
        var handlers = ActivatorUtilities.CreateInstance<LiveDeliveryHandlers>(app.ServiceProvider);

        app.MapMethods("/live/{name}/index.m3u8", GetHead, handlers.MultivariantPlaylistAsync);
        app.MapMethods("/live/{name}/index.mpd", GetHead, handlers.MpdAsync);
        app.MapMethods("/live/{name}/{trackId}/index.m3u8", GetHead, handlers.MediaPlaylistAsync);
        app.MapMethods("/live/{name}/{trackId}/{file}", GetHead, handlers.MediaFileAsync);
        app.MapMethods("/time", GetHead, handlers.TimeAsync);
        app.MapMethods("/play/{name}", GetHead, handlers.PlayerPageAsync);
        app.MapMethods("/live/{**path}", Options, LiveDeliveryHandlers.PreflightAsync);
        app.MapMethods("/time", Options, LiveDeliveryHandlers.PreflightAsync);
        return app;
    }
}
