using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sportall.Media.Model;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod.Uploads;

namespace Sportall.Packager.Vod.Clips;

/// <summary>
/// Makes MP4 clips (moov first, for social networks) of any VOD asset and stores them in the object store.
/// The media is taken without decoding: for an uploaded file, exactly the samples from the keyframe at or before
/// the start; for other assets, the segments that cover the span. Keyframe mode then muxes them with ffmpeg
/// stream copy (no re-encoding); exact mode re-encodes the span with ffmpeg, frame-accurate. One clip is made at a time.
/// </summary>
public sealed class ClipService
{
    private const int MaxTrackedClips = 1024;
    private const int MaxStderrChars = 4000;

    private readonly IEnumerable<IVodPresentationSource> _sources;
    private readonly IObjectStore _store;
    private readonly VodUploadOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ClipJob> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public ClipService(IEnumerable<IVodPresentationSource> sources, IObjectStore store, IOptions<VodUploadOptions> options, ILogger<ClipService>? logger = null)
    {
        _sources = sources;
        _store = store;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    private const string IdPrefix = "clip-";
    private const int IdRandomChars = 20;

    public static string ObjectKeyOf(string clipId) => $"clips/{clipId}.mp4";

    public static bool IsClipId(string clipId) =>
        clipId.Length == IdPrefix.Length + IdRandomChars && clipId.StartsWith(IdPrefix, StringComparison.Ordinal)
        && clipId.AsSpan(IdPrefix.Length).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789") < 0;

    /// <summary>Validates the request and queues the clip; null with a reason when the request cannot be met.</summary>
    public async Task<(ClipStatus? Status, string? Problem)> StartAsync(ClipRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.AssetId)) return (null, "assetId is required.");
        if (!double.IsFinite(request.StartSeconds) || !double.IsFinite(request.EndSeconds) || request.StartSeconds < 0 || request.EndSeconds <= request.StartSeconds)
        {
            return (null, "startSeconds must be at least 0 and endSeconds after it.");
        }
        if (request.EndSeconds - request.StartSeconds > _options.MaxClipSeconds) return (null, $"A clip may last at most {_options.MaxClipSeconds} s.");
        var presentation = await OpenAsync(request.AssetId, cancellationToken).ConfigureAwait(false);
        if (presentation is null) return (null, $"There is no asset '{request.AssetId}'.");

        Trim();
        var job = new ClipJob(IdPrefix + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", IdRandomChars), request);
        _jobs[job.ClipId] = job;
        _ = Task.Run(() => RunAsync(job, presentation), CancellationToken.None);
        return (job.ToStatus(), null);
    }

    public ClipStatus? Find(string clipId) => _jobs.TryGetValue(clipId, out var job) ? job.ToStatus() : null;

    /// <summary>Waits until the clip is ready or failed (tests and server-side callers; HTTP clients poll).</summary>
    public async Task<ClipStatus?> WaitAsync(string clipId, CancellationToken cancellationToken)
    {
        while (_jobs.TryGetValue(clipId, out var job))
        {
            if (job.State is ClipState.Ready or ClipState.Failed) return job.ToStatus();
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private async Task<IVodPresentation?> OpenAsync(string assetId, CancellationToken cancellationToken)
    {
        foreach (var source in _sources)
        {
            if (await source.OpenAsync(assetId, cancellationToken).ConfigureAwait(false) is { } presentation) return presentation;
        }
        return null;
    }

    private async Task RunAsync(ClipJob job, IVodPresentation presentation)
    {
        var work = Directory.CreateDirectory(Path.Combine(string.IsNullOrWhiteSpace(_options.WorkPath) ? Path.GetTempPath() : _options.WorkPath, "sportall-" + job.ClipId));
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            job.State = ClipState.Running;
            var inputs = await ExtractAsync(job, presentation, work.FullName).ConfigureAwait(false);
            job.Progress = 0.3;
            var output = Path.Combine(work.FullName, "clip.mp4");
            await RunFfmpegAsync(job, BuildArguments(job.Request, inputs, output)).ConfigureAwait(false);
            var length = new FileInfo(output).Length;
            await using (var file = File.OpenRead(output))
            {
                await _store.PutAsync(ObjectKeyOf(job.ClipId), file, length, "video/mp4", CancellationToken.None).ConfigureAwait(false);
            }
            job.Bytes = length;
            job.DurationSeconds = await ProbeDurationAsync(output).ConfigureAwait(false);
            job.Progress = 1;
            job.State = ClipState.Ready;
            ClipLog.Ready(_logger, job.ClipId, job.Request.Mode, job.Request.AssetId, job.Request.StartSeconds, job.Request.EndSeconds, length);
        }
        catch (Exception e)
        {
            job.Error = e.Message;
            job.State = ClipState.Failed;
            ClipLog.Failed(_logger, e, job.ClipId, e.Message);
        }
        finally
        {
            _oneAtATime.Release();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>One fMP4 file per track (CMAF header + fragments) holding the span, and the presentation time its first sample has.</summary>
    private static async Task<List<(string Path, double FirstSeconds)>> ExtractAsync(ClipJob job, IVodPresentation presentation, string folder)
    {
        var request = job.Request;
        var inputs = new List<(string, double)>();
        if (presentation is UploadedAssetPresentation uploaded)
        {
            var ranges = uploaded.SelectClipSamples(request.StartSeconds, request.EndSeconds);
            for (var t = 0; t < ranges.Length; t++)
            {
                var (first, end) = ranges[t];
                if (end <= first) continue;
                var track = uploaded.Movie.Tracks[t];
                var path = Path.Combine(folder, $"track{t}.mp4");
                await using (var file = File.Create(path))
                {
                    var writer = PipeWriter.Create(file);
                    await uploaded.WriteInitSegmentAsync(uploaded.TrackAt(t).Id, writer, CancellationToken.None).ConfigureAwait(false);
                    await uploaded.WriteSampleRangeAsync(t, first, end, writer, CancellationToken.None).ConfigureAwait(false);
                    await writer.CompleteAsync().ConfigureAwait(false);
                }
                inputs.Add((path, (double)track.PresentationTime(first) / track.Info.Timescale));
            }
            return inputs;
        }

        // Any other asset: the segments overlapping the span (segments start at keyframes).
        for (var t = 0; t < presentation.Tracks.Count; t++)
        {
            var track = presentation.Tracks[t];
            var scale = (double)track.Info.Timescale;
            var path = Path.Combine(folder, $"track{t}.mp4");
            double? firstSeconds = null;
            await using (var file = File.Create(path))
            {
                var writer = PipeWriter.Create(file);
                await presentation.WriteInitSegmentAsync(track.Id, writer, CancellationToken.None).ConfigureAwait(false);
                for (var s = 0; s < track.Segments.Length; s++)
                {
                    var segment = track.Segments[s];
                    var start = segment.StartTicks / scale;
                    var end = (segment.StartTicks + segment.DurationTicks) / scale;
                    if (end <= request.StartSeconds || start >= request.EndSeconds) continue;
                    firstSeconds ??= start;
                    await presentation.WriteMediaSegmentAsync(track.Id, s, writer, CancellationToken.None).ConfigureAwait(false);
                }
                await writer.CompleteAsync().ConfigureAwait(false);
            }
            if (firstSeconds is { } first) inputs.Add((path, first));
        }
        if (inputs.Count == 0) throw new InvalidOperationException("The asset holds no media in the requested span.");
        return inputs;
    }

    private List<string> BuildArguments(ClipRequest request, List<(string Path, double FirstSeconds)> inputs, string output)
    {
        var args = new List<string> { "-v", "error", "-nostdin", "-y", "-progress", "pipe:1" };
        var clipStart = inputs[0].FirstSeconds;
        foreach (var (path, first) in inputs)
        {
            if (request.Mode == ClipMode.Exact)
            {
                // Input seeking relative to each file's own start puts the requested start at 0 in every output stream.
                args.AddRange(["-ss", Seconds(Math.Max(0, request.StartSeconds - first)), "-i", path]);
            }
            else
            {
                // Keeps the tracks' offsets to each other: the first video frame is 0, audio starts where it did.
                args.AddRange(["-itsoffset", Seconds(first - clipStart), "-i", path]);
            }
        }
        for (var i = 0; i < inputs.Count; i++) args.AddRange(["-map", $"{i}:0"]);
        if (request.Mode == ClipMode.Exact)
        {
            args.AddRange(["-t", Seconds(request.EndSeconds - request.StartSeconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "160k"]);
        }
        else
        {
            args.AddRange(["-c", "copy"]);
        }
        // "+faststart" moves the moov before the mdat: social networks' upload processors and progressive players start without a second request.
        args.AddRange(["-movflags", "+faststart", "-f", "mp4", output]);
        return args;
    }

    private static string Seconds(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private async Task RunFfmpegAsync(ClipJob job, List<string> args)
    {
        var psi = new ProcessStartInfo(_options.FfmpegPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{_options.FfmpegPath} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var span = job.Request.EndSeconds - job.Request.StartSeconds;
        // -progress writes key=value lines; out_time_us says how far the output is.
        while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("out_time_us=", StringComparison.Ordinal) && long.TryParse(line.AsSpan(12), out var micros) && span > 0)
            {
                job.Progress = 0.3 + 0.65 * Math.Clamp(micros / 1e6 / span, 0, 1);
            }
        }
        await process.WaitForExitAsync().ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited with {process.ExitCode}: {(errors.Length > MaxStderrChars ? errors[..MaxStderrChars] : errors).Trim()}");
        }
    }

    private async Task<double?> ProbeDurationAsync(string path)
    {
        var ffprobe = Path.Combine(Path.GetDirectoryName(_options.FfmpegPath) ?? "", _options.FfmpegPath.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? "ffprobe.exe" : "ffprobe");
        try
        {
            var psi = new ProcessStartInfo(ffprobe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path }) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi);
            if (process is null) return null;
            var stdout = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            return double.TryParse(stdout.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no ffprobe beside ffmpeg: the duration is left out
        }
    }

    private void Trim()
    {
        if (_jobs.Count < MaxTrackedClips) return;
        foreach (var old in _jobs.Values.Where(j => j.State is ClipState.Ready or ClipState.Failed).OrderBy(j => j.CreatedAt).Take(_jobs.Count - MaxTrackedClips + 1))
        {
            _jobs.TryRemove(old.ClipId, out _);
        }
    }
}
