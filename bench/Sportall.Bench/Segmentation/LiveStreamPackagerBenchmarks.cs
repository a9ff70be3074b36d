using BenchmarkDotNet.Attributes;

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

    private PackagerFeed _feed = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Memory window = live window: nothing goes to disk, so the figure is the segmenter's own.
        _feed = new PackagerFeed(windowSeconds: 30, videoFrameBytes: 4_000, keyFrameBytes: 40_000, gop: 60);
        FeedOneSecond(); // warm: first period, first segment buffers
    }

    [GlobalCleanup]
    public void Cleanup() => _feed.Dispose();

    [Benchmark(OperationsPerInvoke = VideoPerSecond + AudioPerSecond)]
    public void FeedOneSecond() => _feed.Feed(VideoPerSecond, AudioPerSecond);
}
