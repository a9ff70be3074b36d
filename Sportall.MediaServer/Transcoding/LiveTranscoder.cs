using Sportall.Media.Model;
using Sportall.MediaServer.Hub;

namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// Supervises the FFmpeg process that makes one live stream's ladder. It reads the source through its own
/// hub reader, so a slow or dead FFmpeg only drops frames for itself: the publisher and the passthrough
/// rendition never wait for it. A process that exits, fails to start, or stalls (frames fed, nothing out for
/// <see cref="TranscodingOptions.StallTimeoutMs"/>) is killed and started again after a backoff (doubling from
/// <see cref="TranscodingOptions.MinRestartDelayMs"/> to <see cref="TranscodingOptions.MaxRestartDelayMs"/>), at a
/// source keyframe, so its first output frame is a keyframe aligned with the source's.
/// </summary>
public sealed partial class LiveTranscoder
{
    /// <summary>Track index of the first rendition; the publisher's tracks stay below it.</summary>
    public const int RenditionIndexBase = 16;

    // ~8 s of 60 fps video: rides out FFmpeg's start-up; beyond that the transcoder drops and waits for a keyframe.
    private const int ReaderCapacity = 512;

    // A run that lasted this long resets the backoff: the next failure is a new incident, not a crash loop.
    private static readonly TimeSpan HealthyRunDuration = TimeSpan.FromSeconds(30);

    // FFmpeg's pipeline holds well under a second of frames at real time (x264 lookahead, the muxers).
    private static readonly TimeSpan FinishGrace = TimeSpan.FromSeconds(3);

    private readonly LiveSource _source;
    private readonly TranscodingOptions _options;
    private readonly AccelerationPath _path;
    private readonly ILiveRenditionSink _sink;
    private readonly string? _posterPath;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    private TrackInfo? _video;
    private IReadOnlyList<PlannedRendition> _plan = [];
    private TranscoderRun? _run;
    private long _runStartedTimestamp;
    private long _restartAtTimestamp;
    private int _consecutiveFailures;
    private bool _failedSinceLastStart;

    public LiveTranscoder(LiveSource source, TranscodingOptions options, AccelerationPath path, ILiveRenditionSink sink,
        string? posterPath, ILogger logger, TimeProvider time)
    {
        _source = source;
        _options = options;
        _path = path;
        _sink = sink;
        _posterPath = posterPath;
        _logger = logger;
        _time = time;
    }

    /// <summary>The FFmpeg process of the current run (tests kill it to check recovery); null between runs.</summary>
    public System.Diagnostics.Process? CurrentProcess => _run?.Process;

    public int Starts { get; private set; }

    /// <summary>Runs started to replace one that crashed, stalled or could not start (also sportall_transcoder_restarts_total).</summary>
    public int Restarts { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _source.AddReader("transcoder", ReaderCapacity);
        using var watchdog = new CancellationTokenSource();
        var watch = WatchAsync(watchdog.Token);
        try
        {
            await foreach (var message in reader.Messages.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (message.Kind == HubMessageKind.Tracks)
                {
                    await OnTracksAsync(message.Tracks!).ConfigureAwait(false);
                    continue;
                }
                try
                {
                    await OnFrameAsync(message.Unit).ConfigureAwait(false);
                }
                finally
                {
                    message.Unit.Payload.Release();
                }
            }
            // The publisher is gone: let FFmpeg encode what it holds instead of throwing it away.
            if (_run is { } last) await last.FinishAsync(FinishGrace).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            watchdog.Cancel();
            await watch.ConfigureAwait(false);
            _source.RemoveReader(reader);
            await StopRunAsync().ConfigureAwait(false);
            // Gauges of an ended stream would otherwise report its last speed forever.
            TranscoderMetrics.Speed.RemoveLabelled(_source.Name);
            TranscoderMetrics.Fps.RemoveLabelled(_source.Name);
        }
    }

    private async Task OnTracksAsync(IReadOnlyList<TrackInfo> tracks)
    {
        TrackInfo? video = null;
        foreach (var track in tracks)
        {
            if (track.Kind == MediaKind.Video) { video = track; break; }
        }
        if (video is not null && _video is not null && video.Index == _video.Index
            && video.CodecConfig.AsSpan().SequenceEqual(_video.CodecConfig))
        {
            return;
        }
        await StopRunAsync().ConfigureAwait(false);
        _video = video;
        _plan = [];
        if (video is null) return;
        if (video.Codec != CodecId.H264)
        {
            // The FLV feed carries legacy AVC only (FFmpeg 5.1 reads no Enhanced RTMP).
            LogNotTranscoded(_source.Name, $"its video is {video.Codec}; only H.264 sources are transcoded");
            return;
        }
        _plan = LadderPlanner.Plan(_options.EffectiveRungs, video.Width, video.Height);
        if (_plan.Count == 0) LogNotTranscoded(_source.Name, $"no rung is below the source's {video.Height} lines");
        else LogPlanned(_source.Name, video.Width, video.Height, string.Join(", ", _plan.Select(p => $"{p.Width}x{p.Height}@{p.VideoBitrateKbps}k")));
        _consecutiveFailures = 0;
        _restartAtTimestamp = 0;
    }

    private async Task OnFrameAsync(AccessUnit unit)
    {
        var video = _video;
        if (video is null || _plan.Count == 0 || unit.TrackIndex != video.Index) return;
        if (_run is { } current && current.Exited.IsCompleted)
        {
            await FailRunAsync("exited").ConfigureAwait(false);
        }
        if (_run is null)
        {
            // A run starts at a keyframe: FFmpeg's first output frame is then one of the source's keyframes.
            if (!unit.IsKeyframe || _time.GetTimestamp() < _restartAtTimestamp) return;
            try
            {
                var baseTicks = unit.DtsTicks * video.Timescale / unit.Timescale;
                _run = await TranscoderRun.StartAsync(_options, _path, _source, video, _plan, _posterPath, baseTicks, _sink, _logger, _time).ConfigureAwait(false);
                _runStartedTimestamp = _time.GetTimestamp();
                Starts++;
                TranscoderMetrics.Starts.WithLabels(_source.Name).Inc();
                if (_failedSinceLastStart)
                {
                    _failedSinceLastStart = false;
                    Restarts++;
                    TranscoderMetrics.Restarts.WithLabels(_source.Name).Inc();
                }
                TranscoderMetrics.Running.Inc();
                LogStarted(_source.Name, _run.Process.Id, _path.Label());
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
            {
                _run = null;
                LogStartFailed(e, _source.Name);
                ScheduleRestart("start");
                return;
            }
        }
        try
        {
            await _run.WriteFrameAsync(unit).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            await FailRunAsync("exited").ConfigureAwait(false);
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var stall = TimeSpan.FromMilliseconds(_options.StallTimeoutMs);
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(100, _options.StallTimeoutMs / 4)), _time, cancellationToken).ConfigureAwait(false);
                var run = _run;
                if (run is not null && run.IsStalled(stall))
                {
                    LogStalled(_source.Name, stall.TotalSeconds);
                    TranscoderMetrics.Failures.WithLabels(_source.Name, "stall").Inc();
                    // Killing it makes the feeding loop see the exit and restart after the backoff.
                    run.Kill();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FailRunAsync(string reason)
    {
        var run = _run;
        if (run is null) return;
        var exitCode = run.Process.HasExited ? run.Process.ExitCode : -1;
        if (_time.GetElapsedTime(_runStartedTimestamp) >= HealthyRunDuration) _consecutiveFailures = 0;
        await StopRunAsync().ConfigureAwait(false);
        LogExited(_source.Name, exitCode);
        ScheduleRestart(reason);
    }

    private void ScheduleRestart(string reason)
    {
        TranscoderMetrics.Failures.WithLabels(_source.Name, reason).Inc();
        _failedSinceLastStart = true;
        var delayMs = Math.Min((double)_options.MaxRestartDelayMs, _options.MinRestartDelayMs * Math.Pow(2, Math.Min(_consecutiveFailures, 20)));
        _consecutiveFailures++;
        _restartAtTimestamp = _time.GetTimestamp() + (long)(delayMs / 1000 * _time.TimestampFrequency);
        LogRestartScheduled(_source.Name, delayMs);
    }

    private async Task StopRunAsync()
    {
        var run = _run;
        if (run is null) return;
        _run = null;
        TranscoderMetrics.Running.Dec();
        await run.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcoder of '{Stream}': {Width}x{Height} source, ladder {Ladder}")]
    private partial void LogPlanned(string stream, int width, int height, string ladder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream '{Stream}' is not transcoded: {Reason}")]
    private partial void LogNotTranscoded(string stream, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcoder of '{Stream}': ffmpeg started (pid {Pid}, {Path})")]
    private partial void LogStarted(string stream, int pid, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Transcoder of '{Stream}': ffmpeg could not start")]
    private partial void LogStartFailed(Exception exception, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcoder of '{Stream}': ffmpeg exited (code {ExitCode}); passthrough goes on")]
    private partial void LogExited(string stream, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcoder of '{Stream}': no output for {Seconds} s; killing ffmpeg")]
    private partial void LogStalled(string stream, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcoder of '{Stream}': restarting at the first keyframe after {DelayMs} ms")]
    private partial void LogRestartScheduled(string stream, double delayMs);
}
