using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sportall.Media.Model;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Delivery;

/// <summary>
/// Request handlers of <see cref="LivePackagerEndpoints"/>. Playlists and the MPD are served from the
/// per-snapshot render cache; waiting requests (blocking reloads, the preload-hinted part) await the
/// stream's next snapshot asynchronously, never holding a thread.
/// </summary>
internal sealed class LiveDeliveryHandlers
{
    private readonly LiveStreamRegistry _registry;
    private readonly LiveManifestStore _manifests;
    private readonly LiveDeliveryOptions _options;
    private readonly TimeProvider _time;

    public LiveDeliveryHandlers(LiveStreamRegistry registry, LiveManifestStore manifests, IOptions<LiveDeliveryOptions> options, TimeProvider time)
    {
        _registry = registry;
        _manifests = manifests;
        _options = options.Value;
        _time = time;
    }

    public async Task MultivariantPlaylistAsync(HttpContext context)
    {
        var response = context.Response;
        try
        {
            DeliveryHeaders.ApplyCors(response);
            if (!TryGetStream(context, out var stream))
            {
                NotFound(response);
                return;
            }
            var snapshot = stream.Current;
            var rendered = _manifests.For(stream).GetMultivariant(snapshot);
            if (rendered is null)
            {
                NotFound(response);
                return;
            }
            DeliveryHeaders.SetCacheControl(response, snapshot.Ended
                ? DeliveryHeaders.MaxAge(DeliveryHeaders.EndedMaxAgeSeconds)
                : DeliveryHeaders.MaxAge(rendered.Timing.TargetDurationSeconds));
            await WriteManifestAsync(context, rendered.Bytes, DeliveryHeaders.HlsPlaylist);
        }
        finally
        {
            DeliveryMetrics.Count(HttpRequestKind.Playlist, response.StatusCode);
        }
    }

    public async Task MediaPlaylistAsync(HttpContext context)
    {
        var response = context.Response;
        try
        {
            DeliveryHeaders.ApplyCors(response);
            var query = context.Request.Query;
            if (!TryParseDirective(query["_HLS_msn"], out long? msn) || !TryParseDirective(query["_HLS_part"], out long? part)
                || part > int.MaxValue)
            {
                BadRequest(response);
                return;
            }
            // RFC 8216bis §6.2.5.2: "If the Playlist URI contains an _HLS_part directive but no _HLS_msn
            // directive, the Server MUST return Bad Request, such as HTTP 400."
            if (part is not null && msn is null)
            {
                BadRequest(response);
                return;
            }
            // RFC 8216bis §6.2.5.1: _HLS_skip=YES asks for a Playlist Delta Update; "v2" also skips
            // EXT-X-DATERANGE tags, of which there are none, so it is the same playlist.
            var skipValue = query["_HLS_skip"];
            bool deltaUpdate = skipValue == "YES" || skipValue == "v2";

            if (!TryGetStream(context, out var stream) || !TryGetTrackId(context, out var trackId))
            {
                NotFound(response);
                return;
            }
            var cache = _manifests.For(stream);
            var snapshot = stream.Current;
            if (!HasTrack(snapshot, trackId))
            {
                NotFound(response);
                return;
            }

            bool blocking = msn is not null;
            if (blocking)
            {
                // RFC 8216bis §6.2.5.2: the server "MUST hold the request until a Playlist contains a
                // Segment with a Media Sequence Number of M or later" (and with _HLS_part, Part P of it).
                var timing = cache.GetTiming(snapshot);
                var timeout = _options.BlockingReloadTimeout ?? TimeSpan.FromSeconds(3 * timing.TargetDurationSeconds);
                (var outcome, snapshot) = await WaitForPlaylistAsync(stream, trackId, msn!.Value, (int?)part, timeout, context.RequestAborted);
                switch (outcome)
                {
                    case BlockingWaitOutcome.TooFarAhead:
                        BadRequest(response);
                        return;
                    case BlockingWaitOutcome.TimedOut:
                        // RFC 8216bis §6.2.5.2: a request that cannot be satisfied within three Target
                        // Durations is answered with 503 (Service Unavailable).
                        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                        DeliveryHeaders.SetCacheControl(response, DeliveryHeaders.NoStore);
                        return;
                    case BlockingWaitOutcome.Aborted:
                        return;
                }
            }

            var rendered = cache.GetMediaPlaylist(snapshot, trackId, deltaUpdate);
            if (rendered is null)
            {
                NotFound(response);
                return;
            }

            // A blocking response names the msn/part it waited for in its URL and stays correct for that
            // URL, so caches (CDNs) may keep it a few target durations; a plain live reload must not be
            // older than about a part; an ended playlist no longer changes.
            int maxAge = snapshot.Ended ? DeliveryHeaders.EndedMaxAgeSeconds
                : blocking ? 3 * rendered.Timing.TargetDurationSeconds
                : Math.Max(1, (int)Math.Round(rendered.Timing.PartTargetSeconds));
            DeliveryHeaders.SetCacheControl(response, DeliveryHeaders.MaxAge(maxAge));
            await WriteManifestAsync(context, rendered.Bytes, DeliveryHeaders.HlsPlaylist);
        }
        finally
        {
            DeliveryMetrics.Count(HttpRequestKind.Playlist, response.StatusCode);
        }
    }

    public async Task MpdAsync(HttpContext context)
    {
        var response = context.Response;
        try
        {
            DeliveryHeaders.ApplyCors(response);
            if (!TryGetStream(context, out var stream))
            {
                NotFound(response);
                return;
            }
            var snapshot = stream.Current;
            var rendered = _manifests.For(stream).GetMpd(snapshot, TimeUrl(context.Request));
            if (rendered is null)
            {
                NotFound(response);
                return;
            }
            // Dynamic MPDs list complete segments only and change once per segment: half a segment target.
            int maxAge = snapshot.Ended ? DeliveryHeaders.EndedMaxAgeSeconds : rendered.Timing.TargetDurationSeconds / 2;
            DeliveryHeaders.SetCacheControl(response, DeliveryHeaders.MaxAge(maxAge));
            await WriteManifestAsync(context, rendered.Bytes, DeliveryHeaders.DashMpd);
        }
        finally
        {
            DeliveryMetrics.Count(HttpRequestKind.Mpd, response.StatusCode);
        }
    }

    public async Task MediaFileAsync(HttpContext context)
    {
        var response = context.Response;
        var kind = HttpRequestKind.Segment;
        try
        {
            DeliveryHeaders.ApplyCors(response);
            if (context.Request.RouteValues["file"] is not string fileName || !MediaFileName.TryParse(fileName, out var file)
                || !TryGetStream(context, out var stream) || !TryGetTrackId(context, out var trackId))
            {
                NotFound(response);
                return;
            }
            kind = file.Kind;
            var snapshot = stream.Current;
            string contentType = IsAudio(snapshot, trackId) ? DeliveryHeaders.AudioMp4 : DeliveryHeaders.VideoMp4;
            var source = stream.Source;

            switch (file.Kind)
            {
                case HttpRequestKind.Init:
                    if ((source is not null && source.TryGetInit(trackId, (int)file.Number, out var init))
                        || TryGetInitFromSnapshot(snapshot, trackId, (int)file.Number, out init))
                    {
                        await ServeMemoryAsync(context, init, contentType);
                        return;
                    }
                    break;

                case HttpRequestKind.Segment:
                    if (source is not null && TryLeaseSegment(source, trackId, file.Number, out var location, out var segmentLease))
                    {
                        // The lease keeps the bytes from going back to the packager's pool until a slow client has them all.
                        using (segmentLease)
                        {
                            if (location.FilePath is not null)
                            {
                                await ServeFileAsync(context, location.FilePath, contentType);
                            }
                            else
                            {
                                await ServeMemoryAsync(context, location.Memory, contentType);
                            }
                        }
                        return;
                    }
                    break;

                case HttpRequestKind.Part:
                    if (TryLeasePart(stream, snapshot, trackId, file.Number, file.PartIndex, out var partData, out var partLease))
                    {
                        using (partLease)
                        {
                            await ServeMemoryAsync(context, partData, contentType);
                        }
                        return;
                    }
                    // RFC 8216bis §4.4.5.3 (EXT-X-PRELOAD-HINT): a client requests the hinted part before it
                    // exists and the server answers once it does, instead of a 404 the client would retry.
                    var edge = HlsLiveEdge.Of(snapshot, trackId);
                    if (edge.HasHint && edge.HintMsn == file.Number && edge.HintPartIndex == file.PartIndex)
                    {
                        var timing = _manifests.For(stream).GetTiming(snapshot);
                        var timeout = _options.PreloadHintTimeout ?? TimeSpan.FromSeconds(3 * timing.PartTargetSeconds);
                        var (outcome, latest) = await WaitForPartAsync(stream, trackId, file.Number, file.PartIndex, timeout, context.RequestAborted);
                        if (outcome == BlockingWaitOutcome.Aborted)
                        {
                            return;
                        }
                        if (outcome == BlockingWaitOutcome.Ready
                            && TryLeasePart(stream, latest, trackId, file.Number, file.PartIndex, out partData, out partLease))
                        {
                            using (partLease)
                            {
                                await ServeMemoryAsync(context, partData, contentType);
                            }
                            return;
                        }
                    }
                    break;
            }
            NotFound(response);
        }
        finally
        {
            DeliveryMetrics.Count(kind, response.StatusCode);
        }
    }

    public Task TimeAsync(HttpContext context)
    {
        var response = context.Response;
        DeliveryHeaders.ApplyCors(response);
        DeliveryHeaders.SetCacheControl(response, DeliveryHeaders.NoStore);
        // urn:mpeg:dash:utc:http-iso:2014: the body is an ISO 8601 date-time; milliseconds and 'Z' so
        // clients need no time zone handling.
        Span<byte> text = stackalloc byte[32];
        _time.GetUtcNow().UtcDateTime.TryFormat(text, out int written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = written;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }
        return response.Body.WriteAsync(text[..written].ToArray(), context.RequestAborted).AsTask();
    }

    public Task PlayerPageAsync(HttpContext context)
    {
        var response = context.Response;
        if (context.Request.RouteValues["name"] is not string name)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        response.ContentType = "text/html; charset=utf-8";
        DeliveryHeaders.SetCacheControl(response, "no-cache");
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.WriteAsync(PlayerPage.Render(name), context.RequestAborted);
    }

    public static Task PreflightAsync(HttpContext context)
    {
        DeliveryHeaders.ApplyPreflight(context.Response);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>Waits until the track's playlist satisfies _HLS_msn/_HLS_part, the stream ends, or the timeout.</summary>
    internal async Task<(BlockingWaitOutcome, StreamSnapshot)> WaitForPlaylistAsync(
        PackagedStream stream, string trackId, long msn, int? part, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);
        while (true)
        {
            // Take the signal before reading Current: a publish in between completes this signal.
            var next = stream.NextAsync();
            var snapshot = stream.Current;
            // RFC 8216bis §6.2.5.2: an ended stream answers at once with its final playlist.
            if (snapshot.Ended)
            {
                return (BlockingWaitOutcome.Ready, snapshot);
            }
            var edge = HlsLiveEdge.Of(snapshot, trackId);
            // RFC 8216bis §6.2.5.2: "If the _HLS_msn is greater than the Media Sequence Number of the last
            // Media Segment in the current Playlist plus two, ... the Server SHOULD immediately return Bad
            // Request". The in-progress segment counts as the last one: its parts are in the Playlist.
            if (msn > edge.LastListedMsn + 2)
            {
                return (BlockingWaitOutcome.TooFarAhead, snapshot);
            }
            if (edge.Satisfies(msn, part))
            {
                return (BlockingWaitOutcome.Ready, snapshot);
            }
            if (!await WaitForNextAsync(next, linked.Token))
            {
                return (aborted.IsCancellationRequested ? BlockingWaitOutcome.Aborted : BlockingWaitOutcome.TimedOut, snapshot);
            }
        }
    }

    /// <summary>Waits until part <paramref name="partIndex"/> of segment <paramref name="msn"/> is published.</summary>
    internal async Task<(BlockingWaitOutcome, StreamSnapshot)> WaitForPartAsync(
        PackagedStream stream, string trackId, long msn, int partIndex, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);
        while (true)
        {
            var next = stream.NextAsync();
            var snapshot = stream.Current;
            var edge = HlsLiveEdge.Of(snapshot, trackId);
            if (edge.LastPartMsn > msn || (edge.LastPartMsn == msn && edge.LastPartIndex >= partIndex))
            {
                return (BlockingWaitOutcome.Ready, snapshot);
            }
            if (snapshot.Ended)
            {
                return (BlockingWaitOutcome.TimedOut, snapshot);
            }
            if (!await WaitForNextAsync(next, linked.Token))
            {
                return (aborted.IsCancellationRequested ? BlockingWaitOutcome.Aborted : BlockingWaitOutcome.TimedOut, snapshot);
            }
        }
    }

    private static async Task<bool> WaitForNextAsync(Task<StreamSnapshot> next, CancellationToken cancellation)
    {
        try
        {
            await next.WaitAsync(cancellation);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// A complete segment and a lease on its bytes when they are in memory. A segment found in memory whose buffer
    /// was let go before the lease (spilled or evicted that moment) is looked up once more: the store changes before
    /// the buffer is released, so the second look finds the file or nothing.
    /// </summary>
    private static bool TryLeaseSegment(ISegmentSource source, string trackId, long msn, out SegmentLocation location, out SegmentLease lease)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (!source.TryGetSegment(trackId, msn, out location))
            {
                break;
            }
            if (location.FilePath is not null)
            {
                lease = default;
                return true;
            }
            if (SegmentLease.TryAcquire(location.Memory, out lease))
            {
                return true;
            }
        }
        location = default;
        lease = default;
        return false;
    }

    /// <summary>A part's bytes and a lease on them; false when unknown or already let go (a part is served from memory only).</summary>
    private static bool TryLeasePart(PackagedStream stream, StreamSnapshot snapshot, string trackId, long msn, int partIndex,
        out ReadOnlyMemory<byte> data, out SegmentLease lease)
    {
        if (TryGetPart(stream, snapshot, trackId, msn, partIndex, out data) && SegmentLease.TryAcquire(data, out lease))
        {
            return true;
        }
        data = default;
        lease = default;
        return false;
    }

    private static bool TryGetPart(PackagedStream stream, StreamSnapshot snapshot, string trackId, long msn, int partIndex, out ReadOnlyMemory<byte> data)
    {
        if (stream.Source is { } source && source.TryGetPart(trackId, msn, partIndex, out data))
        {
            return true;
        }
        // The snapshot carries the bytes of the parts it lists; the store may lag the snapshot by a moment.
        if (snapshot.Segments.TryGetValue(trackId, out var segments))
        {
            for (int i = segments.Count - 1; i >= 0; i--)
            {
                var segment = segments[i];
                if (segment.SequenceNumber == msn)
                {
                    foreach (var part in segment.Parts)
                    {
                        if (part.PartIndex == partIndex)
                        {
                            data = part.Data;
                            return true;
                        }
                    }
                    break;
                }
                if (segment.SequenceNumber < msn)
                {
                    break;
                }
            }
        }
        data = default;
        return false;
    }

    private static bool TryGetInitFromSnapshot(StreamSnapshot snapshot, string trackId, int periodIndex, out ReadOnlyMemory<byte> data)
    {
        foreach (var period in snapshot.Periods)
        {
            if (period.Index != periodIndex)
            {
                continue;
            }
            foreach (var track in period.Tracks)
            {
                if (string.Equals(track.Id, trackId, StringComparison.Ordinal) && !track.InitSegment.IsEmpty)
                {
                    data = track.InitSegment;
                    return true;
                }
            }
        }
        data = default;
        return false;
    }

    private static bool HasTrack(StreamSnapshot snapshot, string trackId)
    {
        if (snapshot.Segments.ContainsKey(trackId))
        {
            return true;
        }
        var period = snapshot.CurrentPeriod;
        if (period is not null)
        {
            foreach (var track in period.Tracks)
            {
                if (string.Equals(track.Id, trackId, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool IsAudio(StreamSnapshot snapshot, string trackId)
    {
        for (int p = snapshot.Periods.Length - 1; p >= 0; p--)
        {
            foreach (var track in snapshot.Periods[p].Tracks)
            {
                if (string.Equals(track.Id, trackId, StringComparison.Ordinal))
                {
                    return track.Info.Kind == MediaKind.Audio;
                }
            }
        }
        return false;
    }

    private string TimeUrl(HttpRequest request)
    {
        if (_options.PublicBaseUrl is { Length: > 0 } baseUrl)
        {
            return baseUrl.TrimEnd('/') + "/time";
        }
        return request.Scheme + "://" + request.Host.Value + "/time";
    }

    private bool TryGetStream(HttpContext context, [NotNullWhen(true)] out PackagedStream? stream)
    {
        stream = null;
        return context.Request.RouteValues["name"] is string name && _registry.TryGet(name, out stream);
    }

    private static bool TryGetTrackId(HttpContext context, [NotNullWhen(true)] out string? trackId)
    {
        trackId = context.Request.RouteValues["trackId"] as string;
        return trackId is not null;
    }

    private static bool TryParseDirective(Microsoft.Extensions.Primitives.StringValues values, out long? value)
    {
        value = null;
        if (values.Count == 0)
        {
            return true;
        }
        if (values.Count > 1 || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
        {
            return false;
        }
        value = parsed;
        return true;
    }

    private static Task WriteManifestAsync(HttpContext context, byte[] bytes, string contentType)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }
        return response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
    }

    // Range (206/416), HEAD and conditional requests come from ASP.NET Core's file result executor.
    private static Task ServeMemoryAsync(HttpContext context, ReadOnlyMemory<byte> data, string contentType)
    {
        DeliveryHeaders.SetCacheControl(context.Response, DeliveryHeaders.Immutable);
        return TypedResults.Bytes(data, contentType, enableRangeProcessing: true).ExecuteAsync(context);
    }

    private static async Task ServeFileAsync(HttpContext context, string path, string contentType)
    {
        try
        {
            DeliveryHeaders.SetCacheControl(context.Response, DeliveryHeaders.Immutable);
            // Kestrel sends the file with SendFileAsync (IHttpResponseBodyFeature), no copy through user code.
            await TypedResults.PhysicalFile(path, contentType, enableRangeProcessing: true).ExecuteAsync(context);
        }
        catch (FileNotFoundException) when (!context.Response.HasStarted)
        {
            // Evicted from the window between the lookup and the send.
            NotFound(context.Response);
        }
    }

    private static void NotFound(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status404NotFound;
        DeliveryHeaders.SetCacheControl(response, DeliveryHeaders.NotYetAvailable);
    }

    private static void BadRequest(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        DeliveryHeaders.SetCacheControl(response, DeliveryHeaders.NoStore);
    }
}
