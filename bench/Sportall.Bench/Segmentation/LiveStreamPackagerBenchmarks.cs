using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Sportall.Media.Buffers;
using Sportall.Media.Model;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Bench.Segmentation;

/// <summary>
/// The per-frame path of the segmenter: one second of 30 fps video (4 KB frames, keyframe every 2 s) and
/// 48 kHz AAC (47 frames) per invocation, reported per access unit. What it allocates is per part
/// (the part record, the segment record, the snapshot, list updates) and per segment (its buffer),
/// amortised over the frames of the part; the frames themselves allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class LiveStreamPackagerBenchmarks
{
    private const int VideoPerSecond = 30;
    private const int AudioPerSecond = 47;

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
        // Memory window = live window: nothing goes to disk, so the figure is the segmenter's own.
        var options = new PackagerOptions { DataPath = _dataPath, LiveWindowSeconds = 30, MemoryWindowSeconds = 30 };
        _packager = new LiveStreamPackager(new PackagedStream("bench"), options, TimeProvider.System, NullLogger<LiveStreamPackager>.Instance);
        _packager.OnTracks([
            new TrackInfo { Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000, CodecConfig = [1, 0x64, 0, 0x1F, 0xFF, 0xE1, 0, 0, 1, 0, 0], CodecString = "avc1.64001F", Width = 1280, Height = 720, FrameRate = 30 },
            new TrackInfo { Index = 1, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = [0x11, 0x90], CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2 },
        ]);
        _videoFrame = MediaBuffer.Rent(4_000);
        _keyFrame = MediaBuffer.Rent(40_000);
        _audioFrame = MediaBuffer.Rent(350);
        FeedOneSecond(); // warm: first period, first segment buffers
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _packager.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = VideoPerSecond + AudioPerSecond)]
    public void FeedOneSecond()
    {
        int v = 0, a = 0;
        while (v < VideoPerSecond || a < AudioPerSecond)
        {
            var vt = v < VideoPerSecond ? (_videoIndex * 3000) / 90000.0 : double.MaxValue;
            var at = a < AudioPerSecond ? (_audioIndex * 1024) / 48000.0 : double.MaxValue;
            if (vt <= at)
            {
                var key = _videoIndex % 60 == 0;
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
