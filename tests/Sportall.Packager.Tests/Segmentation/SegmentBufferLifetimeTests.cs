using System.Runtime.InteropServices;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>When the packager's segment buffers go back to its pool, against readers that still hold the bytes.</summary>
public class SegmentBufferLifetimeTests
{
    [Fact]
    public async Task A_reader_holding_a_lease_across_the_spill_reads_the_original_bytes_and_the_buffer_returns_after_it()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1000; o.MemoryWindowSeconds = 2; o.LiveWindowSeconds = 8; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(2.5);
        Assert.True(h.Packager.TryGetSegment("video", 1, out var location));
        Assert.True(h.Packager.TryGetPart("video", 1, 0, out var part));
        var expectedSegment = location.Memory.ToArray();
        var expectedPart = part.ToArray();
        Assert.True(SegmentLease.TryAcquire(location.Memory, out var lease));
        var array = ArrayOf(location.Memory);

        h.FeedSession(3, dtsBase: 2500);
        await WaitFor(() => h.Packager.TryGetSegment("video", 1, out var l) && l.FilePath is not null);
        await WaitFor(() => h.Packager.TryGetSegment("audio", 1, out var l) && l.FilePath is not null);

        // Whatever the pool holds now may be written by the next segments: fill it all with a pattern.
        var reused = DrainAndFill(h.Pool, 0xEE);
        Assert.DoesNotContain(reused, a => ReferenceEquals(a, array));
        Assert.Equal(expectedSegment, location.Memory.ToArray());
        Assert.Equal(expectedPart, part.ToArray());

        // A reader arriving now gets the file, never the memory.
        Assert.True(h.Packager.TryGetSegment("video", 1, out var onDisk));
        Assert.NotNull(onDisk.FilePath);
        Assert.Equal(expectedSegment, await File.ReadAllBytesAsync(onDisk.FilePath!));
        Assert.False(h.Packager.TryGetPart("video", 1, 0, out _));

        lease.Dispose();
        Assert.False(SegmentLease.TryAcquire(location.Memory, out _));
        Assert.False(SegmentLease.TryAcquire(part, out _));
        Assert.Throws<ObjectDisposedException>(() => location.Memory.Span.Length);
        Assert.Contains(DrainAndFill(h.Pool, 0xEE), a => ReferenceEquals(a, array));
    }

    [Fact]
    public void A_segment_that_leaves_the_window_goes_back_once_its_last_lease_is_released()
    {
        // Memory window = live window: segments leave memory by eviction, never by disk.
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1000; o.MemoryWindowSeconds = 4; o.LiveWindowSeconds = 4; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(1.5);
        var snapshotPart = h.Stream.Current.Segments["video"][0].Parts[0].Data; // a reader holding an old snapshot
        var expected = snapshotPart.ToArray();
        Assert.True(SegmentLease.TryAcquire(snapshotPart, out var lease));
        var array = ArrayOf(snapshotPart);

        h.FeedSession(8, dtsBase: 1500);
        Assert.False(h.Packager.TryGetSegment("video", 1, out _));
        Assert.DoesNotContain(DrainAndFill(h.Pool, 0x55), a => ReferenceEquals(a, array));
        Assert.Equal(expected, snapshotPart.ToArray());

        lease.Dispose();
        Assert.False(SegmentLease.TryAcquire(snapshotPart, out _)); // a late reader misses cleanly
        Assert.Contains(DrainAndFill(h.Pool, 0x55), a => ReferenceEquals(a, array));
    }

    [Fact]
    public void Steady_state_reuses_the_pool_instead_of_allocating_per_segment()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1000; o.MemoryWindowSeconds = 4; o.LiveWindowSeconds = 4; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(10);
        var allocated = h.Pool.Allocated;
        var rented = h.Pool.Rented;
        h.FeedSession(10, dtsBase: 10_000);
        Assert.True(h.Pool.Rented - rented >= 18, $"{h.Pool.Rented - rented} buffers rented for 10 segments of two tracks");
        Assert.Equal(allocated, h.Pool.Allocated);
    }

    [Fact]
    public async Task Disposing_the_stream_returns_every_buffer_once_the_last_lease_is_released()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1000; o.MemoryWindowSeconds = 2; o.LiveWindowSeconds = 8; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(6);
        await WaitFor(() => h.Packager.TryGetSegment("video", 1, out var l) && l.FilePath is not null);
        var open = h.Stream.Current.Segments["video"][^1];
        Assert.True(h.Packager.TryGetPart("video", open.SequenceNumber, 0, out var part));
        Assert.True(SegmentLease.TryAcquire(part, out var lease));

        h.Packager.Dispose();
        Assert.Equal(h.Pool.Allocated - 1, h.Pool.RetainedArrays);
        lease.Dispose();
        Assert.Equal(h.Pool.Allocated, h.Pool.RetainedArrays);
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> memory)
    {
        Assert.True(MemoryMarshal.TryGetMemoryManager<byte, SegmentBlock>(memory, out var block));
        return block!.Array;
    }

    /// <summary>Takes every array the pool holds, fills it as a new segment would, and gives them all back.</summary>
    private static List<byte[]> DrainAndFill(SegmentBufferPool pool, byte fill)
    {
        var arrays = new List<byte[]>();
        for (var i = 0; pool.RetainedArrays > 0 && i < SegmentBufferPool.ClassCount; i++)
        {
            var length = SegmentBufferPool.ClassLength(i);
            while (pool.RetainedArrays > 0)
            {
                var before = pool.Allocated;
                var array = pool.Rent(length);
                if (pool.Allocated != before)
                {
                    break; // this class is empty: the one just allocated is not the pool's
                }
                array.AsSpan().Fill(fill);
                arrays.Add(array);
            }
        }
        foreach (var array in arrays) pool.Return(array);
        return arrays;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
