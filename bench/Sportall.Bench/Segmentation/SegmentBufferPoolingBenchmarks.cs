using BenchmarkDotNet.Attributes;
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

    private PackagerFeed _feed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _feed = new PackagerFeed(windowSeconds: 6, videoFrameBytes: 12_500, keyFrameBytes: 60_000, gop: VideoPerSegment, pool: new SegmentBufferPool());
        for (var i = 0; i < 5; i++) FeedOneSegment(); // warm: the window fills and buffers start coming back
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Arrays the pool had to allocate: the window's worth at the start, then none.
        var pool = _feed.Packager.BufferPool;
        Console.WriteLine($"// Segment buffer pool: {pool.Rented} rented, {pool.Allocated} allocated");
        _feed.Dispose();
    }

    [Benchmark]
    public void FeedOneSegment() => _feed.Feed(VideoPerSegment, AudioPerSegment);
}
