using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sportall.Media.Model;
using Sportall.Packager.Delivery;
using Sportall.Packager.Hls;

namespace Sportall.Packager.Vod;

/// <summary>
/// Serves <c>/vod/{assetId}/…</c> from whichever <see cref="IVodPresentationSource"/> knows the asset (asked in
/// registration order). Playlists and MPDs are rendered per request (an asset's are small and CDNs cache them);
/// media bytes are streamed from the presentation into the response without buffering a segment.
/// </summary>
internal sealed class VodDeliveryHandlers(IEnumerable<IVodPresentationSource> sources)
{
    // A finished asset does not change, but the same id could be re-made (a recording closed again after a
    // crash): playlists are cached for a minute, media for good.
    private const int ManifestMaxAgeSeconds = 60;

    private readonly IVodPresentationSource[] _sources = [.. sources];

    public async Task MultivariantPlaylistAsync(HttpContext context, string assetId)
    {
        var presentation = await FindAsync(context, assetId);
        if (presentation is null) return;
        var text = new ManifestTextBuilder();
        VodHlsPlaylistWriter.WriteMultivariant(text, presentation);
        await WriteManifestAsync(context, DeliveryHeaders.HlsPlaylist, text, presentation);
    }

    public async Task MediaPlaylistAsync(HttpContext context, string assetId, string trackId)
    {
        var presentation = await FindAsync(context, assetId);
        if (presentation is null) return;
        var track = FindTrack(presentation, trackId);
        if (track is null)
        {
            NotFound(context);
            return;
        }
        var text = new ManifestTextBuilder();
        VodHlsPlaylistWriter.WriteMedia(text, track);
        await WriteManifestAsync(context, DeliveryHeaders.HlsPlaylist, text, presentation);
    }

    public async Task MpdAsync(HttpContext context, string assetId)
    {
        var presentation = await FindAsync(context, assetId);
        if (presentation is null) return;
        var text = new ManifestTextBuilder();
        if (!VodMpdWriter.TryWrite(text, presentation))
        {
            NotFound(context);
            return;
        }
        await WriteManifestAsync(context, DeliveryHeaders.DashMpd, text, presentation);
    }

    public async Task MediaFileAsync(HttpContext context, string assetId, string trackId, string file)
    {
        int segmentIndex;
        if (file == "init.mp4")
        {
            segmentIndex = -1;
        }
        else if (file.StartsWith("seg-", StringComparison.Ordinal) && file.EndsWith(".m4s", StringComparison.Ordinal)
            && !file.AsSpan(4, file.Length - 8).ContainsAnyExceptInRange('0', '9')
            && int.TryParse(file.AsSpan(4, file.Length - 8), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            segmentIndex = index;
        }
        else
        {
            NotFound(context);
            return;
        }

        var presentation = await FindAsync(context, assetId);
        if (presentation is null) return;
        var track = FindTrack(presentation, trackId);
        if (track is null || segmentIndex >= track.Segments.Length)
        {
            NotFound(context);
            return;
        }

        var response = context.Response;
        DeliveryHeaders.ApplyCors(response);
        response.ContentType = track.Info.Kind == MediaKind.Audio ? DeliveryHeaders.AudioMp4 : DeliveryHeaders.VideoMp4;
        // A DVR window's indices shift as a sliding window moves, and a name's next live starts over: never cached.
        DeliveryHeaders.SetCacheControl(response, presentation is Recording.DvrVodPresentation ? DeliveryHeaders.NoStore : DeliveryHeaders.Immutable);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        try
        {
            if (segmentIndex < 0)
            {
                await presentation.WriteInitSegmentAsync(trackId, response.BodyWriter, context.RequestAborted);
            }
            else
            {
                await presentation.WriteMediaSegmentAsync(trackId, segmentIndex, response.BodyWriter, context.RequestAborted);
            }
        }
        catch (FileNotFoundException) when (!response.HasStarted)
        {
            // Listed but gone from the store (removed by hand, or a store that lost it): nothing to send.
            response.Headers.Remove(HeaderNames.CacheControl);
            NotFound(context);
        }
    }

    private async Task<IVodPresentation?> FindAsync(HttpContext context, string assetId)
    {
        foreach (var source in _sources)
        {
            var presentation = await source.OpenAsync(assetId, context.RequestAborted);
            if (presentation is not null)
            {
                return presentation;
            }
        }
        NotFound(context);
        return null;
    }

    private static VodTrack? FindTrack(IVodPresentation presentation, string trackId)
    {
        foreach (var track in presentation.Tracks)
        {
            if (string.Equals(track.Id, trackId, StringComparison.Ordinal))
            {
                return track;
            }
        }
        return null;
    }

    private static async Task WriteManifestAsync(HttpContext context, string contentType, ManifestTextBuilder text, IVodPresentation presentation)
    {
        var response = context.Response;
        DeliveryHeaders.ApplyCors(response);
        response.ContentType = contentType;
        // A DVR window is a snapshot of a live: good for a second.
        DeliveryHeaders.SetCacheControl(response, DeliveryHeaders.MaxAge(presentation is Recording.DvrVodPresentation ? 1 : ManifestMaxAgeSeconds));
        response.ContentLength = text.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(text.ToArray(), context.RequestAborted);
        }
    }

    private static void NotFound(HttpContext context)
    {
        DeliveryHeaders.ApplyCors(context.Response);
        DeliveryHeaders.SetCacheControl(context.Response, DeliveryHeaders.NoStore);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    public static Task PreflightAsync(HttpContext context)
    {
        DeliveryHeaders.ApplyPreflight(context.Response);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
