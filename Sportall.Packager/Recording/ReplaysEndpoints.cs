using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Recording;

/// <summary>
/// <code>
/// GET /api/replays?name={playback name}   the replays of a live, newest first (JSON array of ReplayEntry)
/// GET /vod/{assetId}/poster.jpg           a replay's poster frame
/// GET /openapi/media.json                 OpenAPI 3.1 description of the media server's HTTP API
/// /dvr/{name}/index.m3u8, index.mpd       the DVR window of a live (Recording:DvrWindowSeconds)
/// /dvr/{name}/{trackId}/index.m3u8, init-{period}.mp4, seg-{msn}.m4s
/// </code>
/// </summary>
public static class ReplaysEndpoints
{
    public static IEndpointRouteBuilder MapReplaysApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/replays", async (HttpContext context, IReplayIndex index) =>
        {
            var name = context.Request.Query["name"].ToString();
            if (string.IsNullOrEmpty(name))
            {
                return Results.Problem("The query parameter 'name' (a playback name) is required.", statusCode: StatusCodes.Status400BadRequest);
            }
            var replays = await index.ListAsync(name, context.RequestAborted);
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Json(replays, RecordingJson.Options);
        });
        app.MapGet("/openapi/media.json", (HttpContext context) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Text(MediaApiOpenApiDocument.Json, "application/json");
        });
        app.MapMethods("/vod/{assetId}/" + PosterFrameMaker.FileName, ["GET", "HEAD"], async (HttpContext context, string assetId, RecordedVodSource recordings, IObjectStore store) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            var asset = await recordings.GetAssetAsync(assetId, context.RequestAborted);
            if (asset?.PosterKey is null || await store.OpenReadAsync(asset.PosterKey, context.RequestAborted) is not { } poster)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await using (poster)
            {
                context.Response.ContentType = "image/jpeg";
                context.Response.Headers.CacheControl = "public, max-age=86400";
                if (!HttpMethods.IsHead(context.Request.Method)) await poster.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
        });
        var dvr = ActivatorUtilities.CreateInstance<DvrDeliveryHandlers>(app.ServiceProvider);
        string[] getHead = ["GET", "HEAD"];
        app.MapMethods("/dvr/{name}/index.m3u8", getHead, dvr.MultivariantPlaylistAsync);
        app.MapMethods("/dvr/{name}/index.mpd", getHead, dvr.MpdAsync);
        app.MapMethods("/dvr/{name}/{trackId}/index.m3u8", getHead, dvr.MediaPlaylistAsync);
        app.MapMethods("/dvr/{name}/{trackId}/{file}", getHead, dvr.MediaFileAsync);
        return app;
    }
}
