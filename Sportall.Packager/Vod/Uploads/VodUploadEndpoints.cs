using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Packager.Vod.Clips;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>
/// The upload API:
/// <code>
/// POST /api/vod/uploads                      body = the file: stored, indexed, 201 + status (Ready), 422 when it cannot be served
/// POST /api/vod/uploads  (empty body)        201 + status (Created) with uploadUrl, for clients that poll progress
/// PUT  /api/vod/uploads/{assetId}/content    body = the file, for an upload created empty
/// GET  /api/vod/uploads/{assetId}            progress (bytesReceived / totalBytes) and the HLS/DASH URLs
/// </code>
/// The clip API (<see cref="ClipEndpoints"/>) is mapped with it: clips are cut from uploads and other VOD assets.
/// </summary>
public static class VodUploadEndpoints
{
    private const string DefaultContentType = "video/mp4";

    public static IEndpointRouteBuilder MapVodUploads(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/vod/uploads", PostAsync);
        app.MapPut("/api/vod/uploads/{assetId}/content", PutContentAsync);
        app.MapGet("/api/vod/uploads/{assetId}", GetAsync);
        app.MapClips();
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext context, VodUploadService uploads)
    {
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0;
        var upload = uploads.Create();
        if (!hasBody || context.Request.ContentLength == 0)
        {
            return Results.Created($"/api/vod/uploads/{upload.AssetId}", upload.ToStatus());
        }
        return await ReceiveAsync(context, uploads, upload).ConfigureAwait(false);
    }

    private static async Task<IResult> PutContentAsync(HttpContext context, string assetId, VodUploadService uploads)
    {
        var upload = uploads.Find(assetId);
        if (upload is null) return Results.NotFound();
        if (upload.State != VodUploadState.Created) return Results.Conflict(upload.ToStatus());
        return await ReceiveAsync(context, uploads, upload).ConfigureAwait(false);
    }

    private static async Task<IResult> GetAsync(string assetId, VodUploadService uploads, CancellationToken cancellationToken)
    {
        var status = await uploads.GetStatusAsync(assetId, cancellationToken).ConfigureAwait(false);
        return status is null ? Results.NotFound() : Results.Ok(status);
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, VodUploadService uploads, VodUpload upload)
    {
        var request = context.Request;
        if (request.ContentLength > uploads.MaxUploadBytes)
        {
            upload.Error = $"The upload declares {request.ContentLength} bytes; the limit is {uploads.MaxUploadBytes}.";
            upload.State = VodUploadState.Failed;
            return Results.Json(upload.ToStatus(), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        // Kestrel's default body limit (30 MB) is for API calls; an upload is held to the upload limit by the
        // counting stream instead, which reports it as 413 with the upload's status.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        var contentType = string.IsNullOrWhiteSpace(request.ContentType) ? DefaultContentType : request.ContentType;
        try
        {
            var status = await uploads.ReceiveAsync(upload, request.Body, request.ContentLength, contentType, context.RequestAborted).ConfigureAwait(false);
            return status.State == VodUploadState.Ready
                ? Results.Created($"/api/vod/uploads/{upload.AssetId}", status)
                : Results.UnprocessableEntity(status);
        }
        catch (UploadTooLargeException)
        {
            return Results.Json(upload.ToStatus(), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
    }
}
