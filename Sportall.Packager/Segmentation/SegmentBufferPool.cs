namespace Sportall.Packager.Segmentation;

/// <summary>
/// Arrays for segment buffers, kept for reuse once a segment leaves memory. A segment of a 3–6 Mbit/s, 2 s
/// video track is 0.8–1.5 MB: allocated fresh per segment, each lands on the large object heap and is freed
/// only by a gen-2 collection, so a busy server's heap holds many dead segments at once. Reusing them makes
/// a stream's memory its window's bytes.
/// </summary>
/// <remarks>
/// Sizes come in quarter-octave classes (16 KiB × 2^(i/4), in whole 4 KiB pages: 16, 20, 24, 28, 32, 40, 48, 56,
/// 64, 80, 92, 108, 128 KiB …):
/// a request gets the smallest class that fits, so at most a sixth of an array is unused (a quarter octave above
/// a class boundary) while segments of a steady bitrate land in one or two classes and reuse each other's arrays.
/// Half-octave classes left a 3 Mbit/s stream's ~850 KB buffers in the 1 MiB class: ~1 MB per stream of
/// slack over a 12 s memory window.
/// </remarks>
internal sealed class SegmentBufferPool
{
    /// <summary>
    /// The smallest class. An audio segment of 2 s at 128 kbit/s is ~33 KB and takes a 40 KiB array; with 64 KiB
    /// the smallest class, each audio segment in memory held ~30 KB unused.
    /// </summary>
    public const int MinimumLength = 16 * 1024;

    // 16 KiB << 11 = 32 MiB: a 2 s segment at 128 Mbit/s. Larger requests get arrays that are not kept.
    internal const int ClassCount = 11 * 4 + 1;

    // A request may take a kept array from this many classes above its own: one octave.
    private const int ClassesAbove = 4;

    private static readonly int[] s_classLengths = Enumerable.Range(0, ClassCount)
        .Select(i => (int)Math.Ceiling(MinimumLength * Math.Pow(2, i / 4.0) / 4096) * 4096)
        .ToArray();

    // Returned arrays are kept up to this many bytes in all: about three 6 Mbit/s streams' 12 s memory windows,
    // so streams that end leave arrays for the next publishers without an idle server holding a burst's worth.
    public const long DefaultMaxRetainedBytes = 32L * 1024 * 1024;

    /// <summary>A kept array no request took for this long is let go.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(20);

    /// <summary>How often idle arrays are looked for: on a rent, and by the shared pool's timer when no stream rents.</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(5);

    // Per class, kept arrays in the order they came back: the last is taken first (recently touched memory), so the
    // first have waited longest and a trim drops a prefix.
    private readonly List<Kept>[] _classes = new List<Kept>[ClassCount];
    private readonly long _maxRetainedBytes;
    private readonly TimeProvider _time;
    private long _lastTrim;
    private long _retainedBytes;
    private int _retainedArrays;

    public SegmentBufferPool(long maxRetainedBytes = DefaultMaxRetainedBytes, TimeProvider? time = null)
    {
        _maxRetainedBytes = maxRetainedBytes;
        _time = time ?? TimeProvider.System;
        _lastTrim = _time.GetTimestamp();
        for (var i = 0; i < ClassCount; i++) _classes[i] = [];
    }

    /// <summary>The process-wide pool every live packager uses unless given another (tests).</summary>
    public static SegmentBufferPool Shared { get; } = CreateShared();

    private static SegmentBufferPool CreateShared()
    {
        var pool = new SegmentBufferPool();
        PackagerMetrics.ObserveAtScrape(pool);
        // Rents trim while streams run; the timer trims a server whose streams all ended, so the arrays they left
        // go back to the system once no publisher has taken them for the idle limit.
        s_trimTimer = new Timer(static state => ((SegmentBufferPool)state!).TrimIfDue(), pool, TrimInterval, TrimInterval);
        return pool;
    }

    private static Timer? s_trimTimer;

    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    public int RetainedArrays => Volatile.Read(ref _retainedArrays);

    /// <summary>Arrays handed out since the pool was made, pooled or new; with <see cref="Allocated"/>, the hit rate.</summary>
    public long Rented => Interlocked.Read(ref _rented);

    /// <summary>Arrays the pool had to allocate.</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    private long _rented;
    private long _allocated;

    /// <summary>
    /// An array of at least <paramref name="minimumLength"/> bytes, <paramref name="preferredLength"/> if it has to
    /// be allocated; its content is whatever it held before. A kept array is taken from the smallest class that
    /// holds the minimum up to an octave above the preferred one: a segment sized a little above its stream's
    /// recent maximum uses the arrays its stream already cycles, where asking for the next class up would leave
    /// those idle and allocate another.
    /// </summary>
    public byte[] Rent(int minimumLength, int preferredLength = 0)
    {
        Interlocked.Increment(ref _rented);
        TrimIfDue();
        var index = ClassOf(Math.Max(minimumLength, preferredLength));
        if (index < 0)
        {
            Interlocked.Increment(ref _allocated);
            return HandOut(GC.AllocateUninitializedArray<byte>(Math.Max(minimumLength, preferredLength)));
        }
        // From the class that fits the minimum to an octave above the preferred: a kept array somewhat too large
        // costs less than a new one on the large object heap, which only a gen-2 collection frees.
        for (var candidate = ClassOf(minimumLength); candidate <= Math.Min(index + ClassesAbove, ClassCount - 1); candidate++)
        {
            var kept = _classes[candidate];
            lock (kept)
            {
                if (kept.Count > 0)
                {
                    var array = kept[^1].Array;
                    kept.RemoveAt(kept.Count - 1);
                    Interlocked.Add(ref _retainedBytes, -array.Length);
                    Interlocked.Decrement(ref _retainedArrays);
                    return HandOut(array);
                }
            }
        }
        Interlocked.Increment(ref _allocated);
        return HandOut(GC.AllocateUninitializedArray<byte>(ClassLength(index)));
    }

    /// <summary>Takes an array back from <see cref="Rent"/>; kept while the pool is under its byte limit.</summary>
    public void Return(byte[] array)
    {
        Interlocked.Decrement(ref _inUseArrays);
        Interlocked.Add(ref _inUseBytes, -array.Length);
        var index = ClassOf(array.Length);
        if (index < 0 || ClassLength(index) != array.Length) return;
        if (Interlocked.Add(ref _retainedBytes, array.Length) > _maxRetainedBytes)
        {
            Interlocked.Add(ref _retainedBytes, -array.Length);
            return; // the GC takes it
        }
        var kept = _classes[index];
        var now = _time.GetTimestamp();
        lock (kept) kept.Add(new Kept(array, now));
        Interlocked.Increment(ref _retainedArrays);
    }

    /// <summary>
    /// Lets go of the arrays no request took for <see cref="IdleLimit"/>. A stream's first segments, one that outgrew
    /// its array, or a stream that ended leave arrays in classes the steady streams do not ask for (their requests find
    /// their own class first); kept, those would be dead weight in every server's memory. Arrays that cycle stay.
    /// </summary>
    public void Trim()
    {
        var now = _time.GetTimestamp();
        long released = 0;
        foreach (var kept in _classes)
        {
            lock (kept)
            {
                var idle = 0;
                while (idle < kept.Count && _time.GetElapsedTime(kept[idle].ReturnedAt, now) >= IdleLimit) idle++;
                if (idle == 0) continue;
                for (var k = 0; k < idle; k++) released += kept[k].Array.Length;
                kept.RemoveRange(0, idle);
                Interlocked.Add(ref _retainedArrays, -idle);
                Interlocked.Add(ref _trimmed, idle);
            }
        }
        Interlocked.Add(ref _retainedBytes, -released);
        // Arrays this large live on the large object heap, which only a gen-2 collection frees, and a server in
        // steady state allocates too little to ever trigger one: without asking, what was let go stays resident.
        // A background collection (the process keeps running) at most once per trim interval, only when it pays.
        if (released >= CollectAfterTrimBytes) GC.Collect(2, GCCollectionMode.Forced, blocking: false);
    }

    /// <summary>Let go of at least this much in one trim and a background gen-2 collection is requested.</summary>
    public const long CollectAfterTrimBytes = 4L * 1024 * 1024;

    /// <summary>Arrays handed out and not yet returned (or dropped): the segments in memory, with what outgrew.</summary>
    public long InUseArrays => Interlocked.Read(ref _inUseArrays);

    /// <summary>Bytes of <see cref="InUseArrays"/>.</summary>
    public long InUseBytes => Interlocked.Read(ref _inUseBytes);

    private long _inUseArrays;
    private long _inUseBytes;

    private byte[] HandOut(byte[] array)
    {
        Interlocked.Increment(ref _inUseArrays);
        Interlocked.Add(ref _inUseBytes, array.Length);
        return array;
    }

    /// <summary>Arrays let go by <see cref="Trim"/> since the pool was made.</summary>
    public long Trimmed => Interlocked.Read(ref _trimmed);

    private long _trimmed;

    private void TrimIfDue()
    {
        var last = Interlocked.Read(ref _lastTrim);
        if (_time.GetElapsedTime(last) < TrimInterval) return;
        if (Interlocked.CompareExchange(ref _lastTrim, _time.GetTimestamp(), last) == last) Trim();
    }

    private readonly record struct Kept(byte[] Array, long ReturnedAt);

    private static int ClassOf(int length)
    {
        for (var i = 0; i < ClassCount; i++)
        {
            if (ClassLength(i) >= length) return i;
        }
        return -1;
    }

    /// <summary>16 KiB × 2^(i/4) rounded up to whole 4 KiB pages; every fourth class is a power of two.</summary>
    internal static int ClassLength(int index) => s_classLengths[index];
}
