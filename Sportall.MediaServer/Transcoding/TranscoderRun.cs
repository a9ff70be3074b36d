using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sportall.Media.Flv;
using Sportall.Media.Model;
using Sportall.Media.MpegTs;
using Sportall.MediaServer.Hub;

namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// One FFmpeg process of a live transcoder: source frames go in as FLV on stdin; each rendition comes
/// back as MPEG-TS over its own loopback TCP connection (FFmpeg connects to a listener per rendition;
/// MPEG-TS with one video stream each, so the ingest demuxer reads it unchanged) and is mapped onto the
/// source's timeline. Killing the process ends the run; nothing here outlives it.
/// </summary>
internal sealed partial class TranscoderRun : IAsyncDisposable
{
    // A rendition's frames are small; 64 KiB reads keep syscalls few at 3 Mb/s.
    private const int ReadBufferSize = 64 * 1024;

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly TcpListener[] _listeners;
    private readonly Task[] _readers;
    private readonly DecodeTimeMap _map;
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly int _timescale;
    private readonly long _baseTicks;
    private long _lastOutputTimestamp;
    private long _firstInputTimestamp;
    private long _lastInputTimestamp;

    private TranscoderRun(Process process, TcpListener[] listeners, TimeProvider time, int timescale, long baseTicks)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _listeners = listeners;
        _time = time;
        _timescale = timescale;
        _baseTicks = baseTicks;
        _map = new DecodeTimeMap(Math.Max(1, timescale / 1000));
        _readers = new Task[listeners.Length];
        _lastOutputTimestamp = time.GetTimestamp();
    }

    public Process Process => _process;

    public Task Exited { get; private set; } = Task.CompletedTask;

    public TimeSpan SinceLastOutput => _time.GetElapsedTime(Interlocked.Read(ref _lastOutputTimestamp));

    public TimeSpan SinceFirstInput => _firstInputTimestamp == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_firstInputTimestamp);

    /// <summary>
    /// Fed for longer than <paramref name="timeout"/> without a frame coming out: the last input is more than
    /// the timeout after the last output. A publisher that pauses feeds nothing, so it stalls nothing.
    /// </summary>
    public bool IsStalled(TimeSpan timeout)
    {
        var lastInput = Interlocked.Read(ref _lastInputTimestamp);
        if (lastInput == 0 || SinceFirstInput <= timeout) return false;
        var lastOutput = Interlocked.Read(ref _lastOutputTimestamp);
        return _time.GetElapsedTime(lastOutput, lastInput) > timeout;
    }

    public static async Task<TranscoderRun> StartAsync(TranscodingOptions options, AccelerationPath path, LiveSource source, TrackInfo video,
        IReadOnlyList<PlannedRendition> renditions, string? posterPath, long baseTicks, ILiveRenditionSink sink, ILogger logger, TimeProvider time)
    {
        var listeners = new TcpListener[renditions.Count];
        var urls = new string[renditions.Count];
        for (var i = 0; i < renditions.Count; i++)
        {
            listeners[i] = new TcpListener(IPAddress.Loopback, 0);
            listeners[i].Start(1);
            urls[i] = $"tcp://127.0.0.1:{((IPEndPoint)listeners[i].LocalEndpoint).Port}";
        }
        if (posterPath is not null) Directory.CreateDirectory(Path.GetDirectoryName(posterPath)!);
        var start = new ProcessStartInfo(options.FfmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in FfmpegArguments.BuildLive(path, options.Preset, video.Height, renditions, urls, posterPath, options.ThumbnailIntervalSeconds))
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch
        {
            foreach (var listener in listeners) listener.Stop();
            throw;
        }
        var run = new TranscoderRun(process, listeners, time, video.Timescale, baseTicks);
        run.Exited = process.WaitForExitAsync();
        for (var i = 0; i < renditions.Count; i++)
        {
            run._readers[i] = run.ReadRenditionAsync(i, renditions[i], source, sink, logger);
        }
        run.StderrTask = run.ReadStderrAsync(source.Name, logger);
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);

        // The stream starts like an encoder's: FLV header and the AVC sequence header.
        FlvTagWriter.WriteFileHeader(run._buffer, hasAudio: false, hasVideo: true);
        FlvTagWriter.WriteAvcSequenceHeader(run._buffer, 0, video.CodecConfig);
        await run.FlushAsync().ConfigureAwait(false);
        return run;
    }

    private Task StderrTask { get; set; } = Task.CompletedTask;

    /// <summary>Writes one source frame (timestamps made relative to the run's first frame, in milliseconds as FLV carries them).</summary>
    public ValueTask WriteFrameAsync(in AccessUnit unit)
    {
        var now = _time.GetTimestamp();
        if (_firstInputTimestamp == 0) _firstInputTimestamp = now;
        Interlocked.Exchange(ref _lastInputTimestamp, now);
        var ts = unit.Timescale;
        var dts = unit.DtsTicks * _timescale / ts;
        var pts = unit.PtsTicks * _timescale / ts;
        _map.Add(pts, dts);
        var dtsMs = (dts - _baseTicks) * 1000 / _timescale;
        var ptsMs = (pts - _baseTicks) * 1000 / _timescale;
        FlvTagWriter.WriteAvcFrame(_buffer, (uint)dtsMs, (int)(ptsMs - dtsMs), unit.IsKeyframe, unit.Payload.Span);
        return new ValueTask(FlushAsync());
    }

    private async Task FlushAsync()
    {
        await _stdin.WriteAsync(_buffer.WrittenMemory, _stop.Token).ConfigureAwait(false);
        await _stdin.FlushAsync(_stop.Token).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
    }

    private async Task ReadRenditionAsync(int rendition, PlannedRendition plan, LiveSource source, ILiveRenditionSink sink, ILogger logger)
    {
        var index = LiveTranscoder.RenditionIndexBase + rendition;
        var label = $"{plan.Height}p";
        var frames = TranscoderMetrics.OutputFrames.WithLabels(source.Name, label);
        var unmapped = TranscoderMetrics.UnmappedFrames.WithLabels(source.Name);
        var adapter = new RenditionAdapter(this, source, sink, index, plan.VideoBitrateKbps * 1000, frames, unmapped);
        var demuxer = new MpegTsDemuxer(adapter);
        try
        {
            using var client = await _listeners[rendition].AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            _listeners[rendition].Stop();
            var stream = client.GetStream();
            var buffer = new byte[ReadBufferSize];
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0) break;
                demuxer.Write(buffer.AsSpan(0, read));
            }
            demuxer.Flush();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The process ended or was killed: the run is over.
        }
        catch (Exception e)
        {
            LogRenditionFailed(logger, e, source.Name, label);
        }
    }

    internal void NoteOutput() => Interlocked.Exchange(ref _lastOutputTimestamp, _time.GetTimestamp());

    internal bool TryMap(long outputPtsTicks90k, out long ptsTicks, out long dtsTicks)
    {
        var relative = outputPtsTicks90k * _timescale / 90000;
        return _map.TryMap(_baseTicks + relative, out ptsTicks, out dtsTicks);
    }

    internal int Timescale => _timescale;

    private async Task ReadStderrAsync(string stream, ILogger logger)
    {
        var progress = new FfmpegProgress();
        var speed = TranscoderMetrics.Speed.WithLabels(stream);
        var fps = TranscoderMetrics.Fps.WithLabels(stream);
        var lines = TranscoderMetrics.StderrErrors.WithLabels(stream);
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (progress.TryTake(line, out var blockEnded))
                {
                    if (blockEnded)
                    {
                        speed.Set(progress.Speed);
                        fps.Set(progress.Fps);
                    }
                    continue;
                }
                if (line.Length == 0) continue;
                lines.Inc();
                LogFfmpegLine(logger, stream, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The source ended: closes stdin so FFmpeg drains its pipeline and exits, killing it after <paramref name="grace"/>.</summary>
    public async Task FinishAsync(TimeSpan grace)
    {
        try
        {
            _stdin.Close();
            await Exited.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException)
        {
        }
    }

    public void Kill()
    {
        _stop.Cancel();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        foreach (var listener in _listeners) listener.Stop();
        try
        {
            await Exited.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await Task.WhenAll(_readers).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await StderrTask.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        _process.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcoder of '{Stream}': ffmpeg: {Line}")]
    private static partial void LogFfmpegLine(ILogger logger, string stream, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "Transcoder of '{Stream}': reading rendition {Rendition} failed")]
    private static partial void LogRenditionFailed(ILogger logger, Exception exception, string stream, string rendition);

    /// <summary>Turns a rendition's demuxed MPEG-TS into frames of the live stream on the source's timeline.</summary>
    private sealed class RenditionAdapter(TranscoderRun run, LiveSource source, ILiveRenditionSink sink, int index, int nominalBitrate,
        Prometheus.Counter.Child frames, Prometheus.Counter.Child unmapped) : IMediaSink
    {
        private int _videoIndex = -1;

        public void OnTracks(IReadOnlyList<TrackInfo> tracks)
        {
            foreach (var track in tracks)
            {
                if (track.Kind != MediaKind.Video) continue;
                _videoIndex = track.Index;
                sink.OnRenditionTrack(source, track with { Index = index, Timescale = run.Timescale, NominalBitrate = nominalBitrate });
                return;
            }
        }

        public void OnAccessUnit(in AccessUnit unit)
        {
            if (unit.TrackIndex != _videoIndex || !run.TryMap(unit.PtsTicks * 90000 / unit.Timescale, out var pts, out var dts))
            {
                if (unit.TrackIndex == _videoIndex) unmapped.Inc();
                unit.Payload.Release();
                return;
            }
            run.NoteOutput();
            frames.Inc();
            sink.OnRenditionUnit(source, new AccessUnit(index, dts, (int)(pts - dts), run.Timescale, unit.IsKeyframe, unit.Payload));
        }
    }
}
