using System.Runtime.InteropServices;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Packager.Tests.Segmentation;

public class SegmentBufferPoolTests
{
    public static TheoryData<string, int, int> Classes => new()
    {
        { "below the smallest class", 1, 16 * 1024 },
        { "the smallest class exactly", 16 * 1024, 16 * 1024 },
        { "one above the smallest class", 16 * 1024 + 1, 20 * 1024 },
        { "a 128 kbit/s 2 s audio segment", 33_000, 40 * 1024 },
        { "64 KiB, a power of two", 64 * 1024, 64 * 1024 },
        { "one above 64 KiB", 64 * 1024 + 1, 80 * 1024 },
        { "a 3 Mbit/s 2 s video segment", 750_000, 864 * 1024 },
        { "a 6 Mbit/s 2 s video segment", 1_500_000, 1724 * 1024 },
        { "the largest class", 32 * 1024 * 1024, 32 * 1024 * 1024 },
        { "above the largest class: exact, not pooled", 32 * 1024 * 1024 + 1, 32 * 1024 * 1024 + 1 },
    };

    [Theory]
    [MemberData(nameof(Classes))]
    public void Rent_rounds_up_to_a_class(string name, int request, int expected)
    {
        _ = name;
        var pool = new SegmentBufferPool();
        Assert.Equal(expected, pool.Rent(request).Length);
    }

    [Fact]
    public void Returned_arrays_are_reused_within_their_class_and_kept_up_to_the_byte_limit()
    {
        var pool = new SegmentBufferPool(maxRetainedBytes: 200 * 1024);
        var a = pool.Rent(100_000); // 108 KiB
        var b = pool.Rent(100_000);
        pool.Return(a);
        pool.Return(b); // 256 KiB would pass the limit: dropped
        pool.Return(new byte[100_000]); // not a class length: dropped
        Assert.Equal(1, pool.RetainedArrays);
        Assert.Equal(a.Length, pool.RetainedBytes);

        Assert.NotSame(a, pool.Rent(200_000)); // another class
        Assert.Same(a, pool.Rent(105_000)); // the same 108 KiB class
        Assert.Equal(0, pool.RetainedArrays);
    }

    [Fact]
    public void A_request_takes_a_kept_array_up_to_an_octave_larger_before_allocating()
    {
        var pool = new SegmentBufferPool();
        var kept = pool.Rent(1024 * 1024); // 1 MiB class
        pool.Return(kept);
        Assert.Same(kept, pool.Rent(700_000)); // 728 KiB class empty: the 1 MiB one, two classes up, serves it
        Assert.Equal(2, pool.Rented);
        Assert.Equal(1, pool.Allocated);

        pool.Return(kept);
        Assert.NotSame(kept, pool.Rent(300_000)); // 308 KiB: more than an octave below, a new array
        Assert.Equal(2, pool.Allocated);
    }

    [Fact]
    public void A_first_segment_is_sized_from_its_first_part_and_does_not_grow_through_the_classes()
    {
        var pool = new SegmentBufferPool();
        var writer = new SegmentBufferWriter(pool);
        writer.StartSegment();
        for (var part = 0; part < 4; part++)
        {
            // A keyframe part first, then smaller ones: the estimate (first part × 4) covers the segment.
            var size = part == 0 ? 200_000 : 150_000;
            writer.Reserve(size, firstSegmentEstimate: size * 4);
            writer.GetSpan(size)[..size].Fill((byte)part);
            writer.Advance(size);
        }
        Assert.Equal(1, pool.Rented);
        Assert.Equal(650_000, writer.Length);

        // The next segment is sized from this one (an eighth above, then the class), whatever the estimate says.
        writer.Buffer!.Release();
        writer.StartSegment();
        writer.Reserve(10_000, firstSegmentEstimate: 40_000);
        Assert.True(writer.Buffer!.Array.Length >= 650_000 + 650_000 / 8);
    }

    [Fact]
    public void A_request_takes_a_kept_array_that_holds_its_minimum_before_allocating_its_preferred_class()
    {
        var pool = new SegmentBufferPool();
        var kept = pool.Rent(750_000); // 864 KiB
        pool.Return(kept);
        // A segment after one of 790 KB: at least 790 KB, an eighth above (889 KB, the 1 MiB class) if allocated.
        Assert.Same(kept, pool.Rent(790_000, preferredLength: 888_750));
        Assert.Equal(1, pool.Allocated);
        Assert.Equal(1024 * 1024, pool.Rent(790_000, preferredLength: 888_750).Length); // nothing kept: the preferred class
        Assert.Equal(2, pool.Allocated);
    }

    [Fact]
    public void Arrays_no_request_takes_for_the_idle_limit_are_let_go_and_cycling_ones_stay()
    {
        var clock = new ManualClock();
        var pool = new SegmentBufferPool(time: clock);
        var steady = Enumerable.Range(0, 3).Select(_ => pool.Rent(750_000)).ToList(); // 864 KiB class
        var outgrown = pool.Rent(1_300_000); // 1452 KiB: a segment that outgrew its array, once
        foreach (var array in steady) pool.Return(array);
        pool.Return(outgrown);

        // A steady stream cycles two of its three arrays every second; the third and the outgrown one wait.
        for (var second = 0; second < 25; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var a = pool.Rent(750_000);
            var b = pool.Rent(750_000);
            Assert.NotSame(outgrown, a); // its own class first
            Assert.NotSame(outgrown, b);
            pool.Return(a);
            pool.Return(b);
        }
        pool.Trim();
        Assert.Equal(2, pool.Trimmed);
        Assert.Equal(2, pool.RetainedArrays);
        Assert.Equal(2 * SegmentBufferPool.ClassLength(23), pool.RetainedBytes);

        // Neither of the cycling arrays has waited the idle limit: another trim keeps both.
        clock.Advance(SegmentBufferPool.IdleLimit - TimeSpan.FromSeconds(2));
        pool.Trim();
        Assert.Equal(2, pool.RetainedArrays);
        clock.Advance(TimeSpan.FromSeconds(2));
        pool.Trim();
        Assert.Equal(0, pool.RetainedArrays);
        Assert.Equal(0, pool.RetainedBytes);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [Fact]
    public void A_released_segment_still_listed_does_not_keep_an_array_the_pool_let_go()
    {
        // The playlist window's parts keep their memory (a slice of the block) long after the segment left
        // memory; once released, that memory must not hold the array: the pool, over its limit, dropped it.
        var pool = new SegmentBufferPool(maxRetainedBytes: 0);
        var (listed, array) = ReleasedSlice(pool);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(array.IsAlive);
        Assert.Throws<ObjectDisposedException>(() => listed.Span.Length);
        GC.KeepAlive(listed);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (ReadOnlyMemory<byte> Listed, WeakReference Array) ReleasedSlice(SegmentBufferPool pool)
    {
        var buffer = new SegmentBuffer(pool, 100_000);
        var weak = new WeakReference(buffer.Array);
        var slice = buffer.Slice(0, 16);
        buffer.Release();
        return (slice, weak);
    }

    [Fact]
    public void A_buffer_goes_back_only_after_the_packager_reference_and_every_lease_are_released()
    {
        var pool = new SegmentBufferPool();
        var buffer = new SegmentBuffer(pool, 1000);
        buffer.Array.AsSpan(0, 4).Fill(7);
        var bytes = buffer.Slice(0, 4);
        Assert.True(SegmentLease.TryAcquire(bytes, out var first));
        Assert.True(SegmentLease.TryAcquire(bytes, out var second));

        buffer.Release(); // the packager lets go
        Assert.Equal(0, pool.RetainedArrays);
        first.Dispose();
        Assert.Equal(0, pool.RetainedArrays);
        Assert.Equal([7, 7, 7, 7], bytes.ToArray());
        second.Dispose();
        Assert.Equal(1, pool.RetainedArrays);

        // Released for good: no new lease, and reading the stale memory throws instead of showing reused bytes.
        Assert.False(SegmentLease.TryAcquire(bytes, out _));
        Assert.Throws<ObjectDisposedException>(() => bytes.Span.Length);
        Assert.Throws<InvalidOperationException>(() => buffer.Release());
    }

    [Fact]
    public void A_grown_buffer_keeps_the_outgrown_array_for_earlier_parts_and_returns_both()
    {
        var pool = new SegmentBufferPool();
        var buffer = new SegmentBuffer(pool, 1000);
        buffer.Array.AsSpan(0, 10).Fill(1);
        var earlierPart = buffer.Slice(0, 10);
        buffer.Grow(200_000, used: 10);
        buffer.Array.AsSpan(0, 10).Fill(2); // the new array only; the published part keeps its bytes
        Assert.Equal(Enumerable.Repeat((byte)1, 10), earlierPart.ToArray());
        Assert.True(buffer.Array.Length >= 200_000);

        buffer.Release();
        Assert.Equal(2, pool.RetainedArrays);
    }

    [Fact]
    public void Memory_that_is_not_pooled_needs_no_lease()
    {
        Assert.True(SegmentLease.TryAcquire(new byte[3], out var lease));
        lease.Dispose();
        Assert.True(SegmentLease.TryAcquire(default, out lease));
        lease.Dispose();
        Assert.False(MemoryMarshal.TryGetMemoryManager<byte, SegmentBlock>(new byte[3].AsMemory(), out _));
    }
}
