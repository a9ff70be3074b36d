using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Sportall.Media.Buffers;
using Sportall.Media.Model;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Bench.Segmentation;

/// <summary>
/// Segment buffers in steady state: one invocation is one whole 2 s segment of a 720p30 3 Mbit/s stream
/// (60 frames, 12.5 KB each, 60 KB keyframes; 94 AAC frames), so the figure is per segment. The window is 6 s
/// in memory, so segments leave it as fast as they come and their buffers go back to the pool: what is left per
/// segment is records and snapshots, not its ~0.8 MB of media.
/// </summary>
[MemoryDiagnoser]
public class SegmentBufferPoolingBenchmarks
{
    private const int VideoPerSegment = 60;
    private const int AudioPerSegment = 94;

    private LiveStreamPackager _packager = null!;
    private MediaBuffer _videoFrame = null!;
    private MediaBuffer _keyFrame = null!;
    private MediaBuffer _audioFrame = null!;
    private string _dataPath = "";
    private long _videoIndex;
    private long _audioIndex;

    [GlobalSetup]
    public void Setup()
    {
        _dataPath = Directory.CreateTempSubdirectory("sportall-bench-").FullName;
        var options = new PackagerOptions { DataPath = _dataPath, LiveWindowSeconds = 6, MemoryWindowSeconds = 6 };
        _packager = new LiveStreamPackager(new PackagedStream("bench-pool"), options, TimeProvider.System, NullLogger<LiveStreamPackager>.Instance)
        {
            BufferPool = new SegmentBufferPool(),
        };
        _packager.OnTracks([
            new TrackInfo { Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000, CodecConfig = [1, 0x64, 0, 0x1F, 0xFF, 0xE1, 0, 0, 1, 0, 0], CodecString = "avc1.64001F", Width = 1280, Height = 720, FrameRate = 30 },
            new TrackInfo { Index = 1, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = [0x11, 0x90], CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2 },
        ]);
        _videoFrame = MediaBuffer.Rent(12_500);
        _keyFrame = MediaBuffer.Rent(60_000);
        _audioFrame = MediaBuffer.Rent(350);
        for (var i = 0; i < 5; i++) FeedOneSegment(); // warm: the window fills and buffers start coming back
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Arrays the pool had to allocate: the window's worth at the start, then none.
        Console.WriteLine($"// Segment buffer pool: {_packager.BufferPool.Rented} rented, {_packager.BufferPool.Allocated} allocated");
        _packager.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Benchmark]
    public void FeedOneSegment()
    {
        int v = 0, a = 0;
        while (v < VideoPerSegment || a < AudioPerSegment)
        {
            var vt = v < VideoPerSegment ? (_videoIndex * 3000) / 90000.0 : double.MaxValue;
            var at = a < AudioPerSegment ? (_audioIndex * 1024) / 48000.0 : double.MaxValue;
            if (vt <= at)
            {
                var key = _videoIndex % VideoPerSegment == 0;
                _packager.OnAccessUnit(new AccessUnit(0, _videoIndex * 3000, 0, 90000, key, key ? _keyFrame : _videoFrame));
                _videoIndex++;
                v++;
            }
            else
            {
                _packager.OnAccessUnit(new AccessUnit(1, _audioIndex * 1024, 0, 48000, true, _audioFrame));
                _audioIndex++;
                a++;
            }
        }
    }
}
