namespace Sportall.Packager.Segmentation;

/// <summary>
/// One segment's bytes (every part, back to back) in pooled arrays, reference counted. The packager holds one
/// reference while the segment is in memory; every reader that writes the bytes out asynchronously (an HTTP
/// response, the disk spill, the recording spool) holds a lease for the whole write. The arrays go back to the
/// pool when the last reference is released, and never before: a released buffer cannot be acquired again, so
/// a reader either holds the original bytes or falls back (the file on disk, or a miss).
/// </summary>
/// <remarks>
/// Growing a segment past its array copies into a larger one; parts already published keep pointing at the
/// old array (published bytes are never written again), so the buffer keeps every array it used until released.
/// </remarks>
internal sealed class SegmentBuffer
{
    private readonly SegmentBufferPool _pool;
    private SegmentBlock _current;
    private List<SegmentBlock>? _outgrown;
    private int _references = 1;

    public SegmentBuffer(SegmentBufferPool pool, int minimumLength, int preferredLength = 0)
    {
        _pool = pool;
        _current = new SegmentBlock(this, pool.Rent(minimumLength, preferredLength));
    }

    /// <summary>The array written now (the writer's, on the feeding thread).</summary>
    public byte[] Array => _current.Array;

    public bool IsReleased => Volatile.Read(ref _references) == 0;

    /// <summary>Bytes of the current array, as readers see them (checked against release on access).</summary>
    public ReadOnlyMemory<byte> Slice(int start, int length) => _current.Memory.Slice(start, length);

    /// <summary>Moves to an array of at least <paramref name="minimumLength"/> bytes holding the first <paramref name="used"/> bytes.</summary>
    public void Grow(int minimumLength, int used)
    {
        var grown = new SegmentBlock(this, _pool.Rent(minimumLength));
        _current.Array.AsSpan(0, used).CopyTo(grown.Array);
        (_outgrown ??= []).Add(_current);
        _current = grown;
    }

    /// <summary>A further reference; false once the buffer is released (its arrays may hold other bytes by now).</summary>
    public bool TryAcquire()
    {
        var count = Volatile.Read(ref _references);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count) return true;
            count = seen;
        }
        return false;
    }

    /// <summary>Drops one reference; the last one returns the arrays to the pool.</summary>
    public void Release()
    {
        var count = Interlocked.Decrement(ref _references);
        if (count > 0) return;
        if (count < 0) throw new InvalidOperationException("A segment buffer was released more often than acquired.");
        _pool.Return(_current.Detach());
        if (_outgrown is not null)
        {
            foreach (var block in _outgrown) _pool.Return(block.Detach());
        }
    }
}
