namespace Sportall.Packager.Segmentation;

/// <summary>
/// Arrays for segment buffers, kept for reuse once a segment leaves memory. A segment of a 3–6 Mbit/s, 2 s
/// video track is 0.8–1.5 MB: allocated fresh per segment, each lands on the large object heap and is freed
/// only by a gen-2 collection, so a busy server's heap holds many dead segments at once. Reusing them makes
/// a stream's memory its window's bytes.
/// </summary>
/// <remarks>
/// Sizes come in quarter-octave classes (64 KiB × 2^(i/4), in whole 4 KiB pages: 64, 80, 92, 108, 128 KiB …):
/// a request gets the smallest class that fits, so at most a sixth of an array is unused (a quarter octave above
/// a class boundary) while segments of a steady bitrate land in one or two classes and reuse each other's arrays.
/// Half-octave classes left a 3 Mbit/s stream's ~850 KB buffers in the 1 MiB class: ~1 MB per stream of
/// slack over a 12 s memory window.
/// </remarks>
internal sealed class SegmentBufferPool
{
    /// <summary>The smallest class: an audio segment of 2 s at 128 kbit/s is 32 KB, so one class holds it whole.</summary>
    public const int MinimumLength = 64 * 1024;

    // 64 KiB << 9 = 32 MiB: a 2 s segment at 128 Mbit/s. Larger requests get arrays that are not kept.
    internal const int ClassCount = 9 * 4 + 1;

    // A request may take a kept array from this many classes above its own: one octave.
    private const int ClassesAbove = 4;

    private static readonly int[] s_classLengths = Enumerable.Range(0, ClassCount)
        .Select(i => (int)Math.Ceiling(MinimumLength * Math.Pow(2, i / 4.0) / 4096) * 4096)
        .ToArray();

    // Returned arrays are kept up to this many bytes in all: about three 6 Mbit/s streams' 12 s memory windows,
    // so streams that end leave arrays for the next publishers without an idle server holding a burst's worth.
    public const long DefaultMaxRetainedBytes = 32L * 1024 * 1024;

    private readonly Stack<byte[]>[] _classes = new Stack<byte[]>[ClassCount];
    private readonly long _maxRetainedBytes;
    private long _retainedBytes;
    private int _retainedArrays;

    public SegmentBufferPool(long maxRetainedBytes = DefaultMaxRetainedBytes)
    {
        _maxRetainedBytes = maxRetainedBytes;
        for (var i = 0; i < ClassCount; i++) _classes[i] = new Stack<byte[]>();
    }

    /// <summary>The process-wide pool every live packager uses unless given another (tests).</summary>
    public static SegmentBufferPool Shared { get; } = CreateShared();

    private static SegmentBufferPool CreateShared()
    {
        var pool = new SegmentBufferPool();
        PackagerMetrics.ObserveAtScrape(pool);
        return pool;
    }

    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    public int RetainedArrays => Volatile.Read(ref _retainedArrays);

    /// <summary>Arrays handed out since the pool was made, pooled or new; with <see cref="Allocated"/>, the hit rate.</summary>
    public long Rented => Interlocked.Read(ref _rented);

    /// <summary>Arrays the pool had to allocate.</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    private long _rented;
    private long _allocated;

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes; its content is whatever it held before.</summary>
    public byte[] Rent(int minimumLength)
    {
        Interlocked.Increment(ref _rented);
        var index = ClassOf(minimumLength);
        if (index < 0)
        {
            Interlocked.Increment(ref _allocated);
            return GC.AllocateUninitializedArray<byte>(minimumLength);
        }
        // The class that fits, else up to an octave above: a kept array somewhat too large costs less than a
        // new one on the large object heap, which only a gen-2 collection frees.
        for (var candidate = index; candidate <= Math.Min(index + ClassesAbove, ClassCount - 1); candidate++)
        {
            var stack = _classes[candidate];
            lock (stack)
            {
                if (stack.TryPop(out var array))
                {
                    Interlocked.Add(ref _retainedBytes, -array.Length);
                    Interlocked.Decrement(ref _retainedArrays);
                    return array;
                }
            }
        }
        Interlocked.Increment(ref _allocated);
        return GC.AllocateUninitializedArray<byte>(ClassLength(index));
    }

    /// <summary>Takes an array back from <see cref="Rent"/>; kept while the pool is under its byte limit.</summary>
    public void Return(byte[] array)
    {
        var index = ClassOf(array.Length);
        if (index < 0 || ClassLength(index) != array.Length) return;
        if (Interlocked.Add(ref _retainedBytes, array.Length) > _maxRetainedBytes)
        {
            Interlocked.Add(ref _retainedBytes, -array.Length);
            return; // the GC takes it
        }
        var stack = _classes[index];
        lock (stack) stack.Push(array);
        Interlocked.Increment(ref _retainedArrays);
    }

    private static int ClassOf(int length)
    {
        for (var i = 0; i < ClassCount; i++)
        {
            if (ClassLength(i) >= length) return i;
        }
        return -1;
    }

    /// <summary>64 KiB × 2^(i/4) rounded up to whole 4 KiB pages; every fourth class is a power of two.</summary>
    internal static int ClassLength(int index) => s_classLengths[index];
}
