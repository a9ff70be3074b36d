using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Sportall.Media.Model;
using Sportall.Media.MpegTs;

namespace Sportall.Bench.MpegTs;

/// <summary>
/// Steady-state TS demuxing of a real stream: 20 s of ffmpeg-made H.264 (B-frames, 1 s GOP) + AAC fed in
/// 1316-byte SRT messages, tracks already announced, into a sink that releases payloads. One operation
/// is one message (7 packets). Allocated bytes per operation must be 0: PES reassembly reuses a pooled
/// buffer per PID and the only per-frame memory is the pooled <c>MediaBuffer</c>.
/// </summary>
/// <remarks>
/// The stream loops; each restart is a backward clock jump the demuxer bridges as a discontinuity
/// (and a continuity gap on each PID), which keeps the timeline increasing as a live feed would.
/// </remarks>
[MemoryDiagnoser]
public class MpegTsDemuxerBenchmarks
{
    private const int MessageBytes = 1316;
    private const int MessagesPerOp = 1000;

    private byte[] _ts = null!;
    private MpegTsDemuxer _demuxer = null!;
    private int _offset;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sportall-bench-{Environment.ProcessId}.ts");
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            "-hide_banner -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine -t 20 " +
            $"-c:v libx264 -preset veryfast -g 25 -bf 2 -c:a aac -f mpegts \"{path}\"")
        { RedirectStandardError = true })!)
        {
            ffmpeg.WaitForExit();
            if (ffmpeg.ExitCode != 0) throw new InvalidOperationException(ffmpeg.StandardError.ReadToEnd());
        }
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        // Whole messages only, so the loop point falls on a packet boundary.
        _ts = bytes.AsSpan(0, bytes.Length / MessageBytes * MessageBytes).ToArray();
        _demuxer = new MpegTsDemuxer(new ReleasingSink());
        // Warm up: announce the tracks and grow every pooled buffer to the stream's largest frame.
        for (var i = 0; i < 2 * _ts.Length / MessageBytes; i++) FeedOne();
    }

    [Benchmark(OperationsPerInvoke = MessagesPerOp)]
    public void SrtMessages()
    {
        for (var i = 0; i < MessagesPerOp; i++) FeedOne();
    }

    private void FeedOne()
    {
        _demuxer.Write(_ts.AsSpan(_offset, MessageBytes));
        _offset += MessageBytes;
        if (_offset == _ts.Length) _offset = 0;
    }

    private sealed class ReleasingSink : IMediaSink
    {
        public void OnTracks(IReadOnlyList<TrackInfo> tracks) { }

        public void OnAccessUnit(in AccessUnit unit) => unit.Payload.Release();
    }
}
