using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Vod.Clips;

/// <summary>
/// The clip API:
/// <code>
/// POST /api/clips                    {assetId, startSeconds, endSeconds, mode: "keyframe" | "exact"} → 202 + status
/// GET  /api/clips/{clipId}           state, progress 0..1, downloadUrl once ready
/// GET  /api/clips/{clipId}/download  the MP4 (moov first), from the object store
/// </code>
/// </summary>
public static class ClipEndpoints
{
    public static IEndpointRouteBuilder MapClips(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/clips", PostAsync);
        app.MapGet("/api/clips/{clipId}", Get);
        app.MapGet("/api/clips/{clipId}/download", DownloadAsync);
        return app;
    }

    // Modes travel as "keyframe" / "exact" as well as their numbers.
    private static readonly System.Text.Json.JsonSerializerOptions RequestJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
    };

    private static async Task<IResult> PostAsync(HttpContext context, ClipService clips)
    {
        ClipRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<ClipRequest>(RequestJson, context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        if (request is null) return Results.Problem("A clip request body is required.", statusCode: StatusCodes.Status400BadRequest);
        var (status, problem) = await clips.StartAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (status is null)
        {
            return problem!.StartsWith("There is no asset", StringComparison.Ordinal)
                ? Results.Problem(problem, statusCode: StatusCodes.Status404NotFound)
                : Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }
        return Results.Json(status, RequestJson, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Get(string clipId, ClipService clips) =>
        clips.Find(clipId) is { } status ? Results.Json(status, RequestJson) : Results.NotFound();

    private static async Task<IResult> DownloadAsync(string clipId, ClipService clips, IObjectStore store, CancellationToken cancellationToken)
    {
        // A clip this server does not track (made before a restart, or by another node) is served when the store has it.
        var status = clips.Find(clipId);
        if (status is not null ? status.State != ClipState.Ready : !ClipService.IsClipId(clipId)) return Results.NotFound();
        var stream = await store.OpenReadAsync(ClipService.ObjectKeyOf(clipId), cancellationToken).ConfigureAwait(false);
        return stream is null ? Results.NotFound() : Results.Stream(stream, "video/mp4", fileDownloadName: clipId + ".mp4");
    }
}
