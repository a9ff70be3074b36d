using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;
using Sportall.Portal.Ingest;
using Sportall.Portal.Localization;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Hosting;

/// <summary>The portal's non-page endpoints: embedded assets, brand images, the language switch, status polling, the internal ingest API.</summary>
internal static class PortalEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] s_assets =
    [
        ("/assets/portal.css", "assets/portal.css", "text/css; charset=utf-8"),
        ("/assets/portal.js", "assets/portal.js", "text/javascript; charset=utf-8"),
        ("/assets/hls.min.js", "assets/hls.min.js", "text/javascript; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder app)
    {
        var assembly = typeof(PortalEndpoints).Assembly;
        foreach (var (path, resource, contentType) in s_assets)
        {
            app.MapMethods(path, ["GET", "HEAD"], (HttpContext context) =>
            {
                var stream = assembly.GetManifestResourceStream(resource);
                if (stream is null) return Results.NotFound();
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Stream(stream, contentType);
            });
        }

        app.MapGet("/branding/{kind}", (string kind, HttpContext context) =>
        {
            var tenant = context.GetTenant();
            var image = kind switch
            {
                "logo" => tenant?.Logo,
                "favicon" => tenant?.Favicon,
                _ => null,
            };
            if (image is null) return Results.NotFound();
            // The URL carries the image's hash (?v=), so a new upload is a new URL and this one may be kept.
            context.Response.Headers.CacheControl = "public, max-age=86400";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(image.Bytes, image.ContentType);
        });

        app.MapGet("/culture", (string? c, string? returnUrl, HttpContext context) =>
        {
            if (PortalCultures.IsSupported(c))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c!)),
                    new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            }
            // Only a local path: an open redirect would let a link on the portal's domain send visitors anywhere.
            var target = returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
                ? returnUrl
                : context.Request.PathBase + "/";
            return Results.Redirect(target);
        });

        app.MapGet("/events/{id}/status", async (string id, HttpContext context, ICatalogStore store, CancellationToken ct) =>
        {
            var tenant = context.GetTenant();
            if (tenant is null) return Results.NotFound();
            var e = await store.GetEventAsync(tenant.Id, id, ct);
            if (e is null) return Results.NotFound();
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { status = e.Status.ToString().ToLowerInvariant(), playbackName = e.PlaybackName });
        });

        // For a media node that runs without the portal role: it asks here instead of in-process.
        var api = app.MapGroup("/api/internal").AddEndpointFilter(async (invocation, next) =>
        {
            var token = invocation.HttpContext.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.InternalApiToken;
            if (string.IsNullOrEmpty(token)) return Results.NotFound();
            var given = invocation.HttpContext.Request.Headers.Authorization.ToString();
            var expected = "Bearer " + token;
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected)))
            {
                return Results.Unauthorized();
            }
            return await next(invocation);
        });
        api.MapGet("/stream-keys/{key}", (string key, IStreamKeyLookup keys) =>
            keys.TryFind(key, out var entry) ? Results.Json(entry) : Results.NotFound());
        api.MapPost("/live/{playbackName}/started", async (string playbackName, ILiveStatusSink sink, CancellationToken ct) =>
        {
            await sink.PublisherStartedAsync(playbackName, ct);
            return Results.NoContent();
        });
        api.MapPost("/live/{playbackName}/stopped", async (string playbackName, ILiveStatusSink sink, CancellationToken ct) =>
        {
            await sink.PublisherStoppedAsync(playbackName, ct);
            return Results.NoContent();
        });
        api.MapPost("/replays", async (ReplayRegistration body, IReplayRegistry registry, CancellationToken ct) =>
        {
            var replay = await registry.RegisterReplayAsync(body.PlaybackName, body.AssetId, body.StartedAt,
                TimeSpan.FromSeconds(body.DurationSeconds), body.HlsUrl, body.DashUrl, body.PosterUrl, ct);
            return replay is null ? Results.NotFound() : Results.Json(new { replay.Id, replay.TenantId, replay.EventId });
        });
        return app;
    }
}
