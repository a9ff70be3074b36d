using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sportall.Media.Model;
using Sportall.Packager.Delivery;
using Sportall.Packager.Hls;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod;

namespace Sportall.Packager.Recording;

/// <summary>
/// The DVR window of a live (<c>/dvr/{name}/…</c>), longer than the live window: listed from the recording's
/// timeline, init segments from memory, media segments from the spool while they wait there and from the
/// object store once uploaded. Off (404) unless <c>Recording:DvrWindowSeconds</c> is set.
/// </summary>
internal sealed class DvrDeliveryHandlers(RecordingService recording, IObjectStore store, TimeProvider time)
{
    private readonly RecordingOptions _options = recording.Options;

    public async Task MultivariantPlaylistAsync(HttpContext context, string name)
    {
        if (Find(context, name) is not { } dvr || dvr.Periods.IsEmpty) return;
        var tracks = new List<VodTrack>();
        foreach (var track in dvr.Periods[^1].Tracks)
        {
            if (!dvr.Segments.TryGetValue(track.Id, out var segments) || segments.IsEmpty) continue;
            long peak = 1;
            foreach (var s in segments)
            {
                if (s.DurationTicks > 0) peak = Math.Max(peak, s.ByteLength * 8 * s.Timescale / s.DurationTicks);
            }
            tracks.Add(new VodTrack(track.Id, track.Info, peak, ImmutableArray<VodSegment>.Empty));
        }
        if (tracks.Count == 0)
        {
            NotFound(context);
            return;
        }
        var text = new ManifestTextBuilder();
        VodHlsPlaylistWriter.WriteMultivariant(text, tracks);
        await WriteAsync(context, text, DeliveryHeaders.HlsPlaylist, dvr.Ended);
    }

    public async Task MediaPlaylistAsync(HttpContext context, string name, string trackId)
    {
        if (Find(context, name) is not { } dvr) return;
        var text = new ManifestTextBuilder();
        if (!DvrHlsPlaylistWriter.TryWrite(text, dvr, trackId, _options.DvrWindowSeconds, _options.DvrMode))
        {
            NotFound(context);
            return;
        }
        await WriteAsync(context, text, DeliveryHeaders.HlsPlaylist, dvr.Ended);
    }

    public async Task MpdAsync(HttpContext context, string name)
    {
        if (Find(context, name) is not { } dvr) return;
        var text = new ManifestTextBuilder();
        var request = context.Request;
        var timeUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/time";
        if (!DvrMpdWriter.TryWrite(text, dvr, _options.DvrWindowSeconds, _options.DvrMode, time.GetUtcNow(), timeUrl))
        {
            NotFound(context);
            return;
        }
        await WriteAsync(context, text, DeliveryHeaders.DashMpd, dvr.Ended);
    }

    public async Task MediaFileAsync(HttpContext context, string name, string trackId, string file)
    {
        if (!MediaFileName.TryParse(file, out var parsed) || parsed.Kind == HttpRequestKind.Part)
        {
            NotFound(context);
            return;
        }
        if (Find(context, name) is not { } dvr) return;
        var response = context.Response;
        DeliveryHeaders.ApplyCors(response);
        if (parsed.Kind == HttpRequestKind.Init)
        {
            foreach (var period in dvr.Periods)
            {
                if (period.Index != parsed.Number) continue;
                foreach (var track in period.Tracks)
                {
                    if (track.Id != trackId) continue;
                    SetMediaHeaders(response, track.Info.Kind);
                    response.ContentLength = track.InitSegment.Length;
                    if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(track.InitSegment, context.RequestAborted);
                    return;
                }
            }
            NotFound(context);
            return;
        }

        if (!dvr.Segments.TryGetValue(trackId, out var segments) || !Contains(segments, parsed.Number))
        {
            NotFound(context);
            return;
        }
        var relative = RecordingKeys.SegmentFile(trackId, parsed.Number);
        SetMediaHeaders(response, trackId == "audio" ? MediaKind.Audio : MediaKind.Video);
        if (HttpMethods.IsHead(context.Request.Method)) return;
        Stream? content = null;
        if (recording.SpooledFile(dvr.AssetId, relative) is { } path)
        {
            try
            {
                content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
            }
            catch (FileNotFoundException)
            {
                // Uploaded and removed from the spool in between: the store has it now.
            }
        }
        content ??= await store.OpenReadAsync(RecordingKeys.Key(_options.KeyPrefix, dvr.AssetId, relative), context.RequestAborted);
        if (content is null)
        {
            response.Headers.Remove(HeaderNames.CacheControl);
            NotFound(context);
            return;
        }
        await using (content)
        {
            await content.CopyToAsync(response.Body, context.RequestAborted);
        }
    }

    private static bool Contains(ImmutableList<Live.CmafSegment> segments, long sequence)
    {
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (segments[i].SequenceNumber == sequence) return true;
            if (segments[i].SequenceNumber < sequence) return false;
        }
        return false;
    }

    private DvrSnapshot? Find(HttpContext context, string name)
    {
        var dvr = _options.DvrWindowSeconds > 0 ? recording.GetDvr(name) : null;
        if (dvr is null) NotFound(context);
        return dvr;
    }

    private static void SetMediaHeaders(HttpResponse response, MediaKind kind)
    {
        response.ContentType = kind == MediaKind.Audio ? DeliveryHeaders.AudioMp4 : DeliveryHeaders.VideoMp4;
        // A segment never changes under its URL, but a name's next live reuses sequence numbers: a day, not a year.
        DeliveryHeaders.SetCacheControl(response, "public, max-age=86400");
    }

    private static async Task WriteAsync(HttpContext context, ManifestTextBuilder text, string contentType, bool ended)
    {
        var response = context.Response;
        DeliveryHeaders.ApplyCors(response);
        response.ContentType = contentType;
        // Changes once per segment while live.
        DeliveryHeaders.SetCacheControl(response, ended ? DeliveryHeaders.MaxAge(DeliveryHeaders.EndedMaxAgeSeconds) : DeliveryHeaders.MaxAge(1));
        response.ContentLength = text.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(text.ToArray(), context.RequestAborted);
    }

    private static void NotFound(HttpContext context)
    {
        DeliveryHeaders.ApplyCors(context.Response);
        DeliveryHeaders.SetCacheControl(context.Response, DeliveryHeaders.NoStore);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
