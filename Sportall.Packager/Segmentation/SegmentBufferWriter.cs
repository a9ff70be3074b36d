using System.Buffers;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// Collects one segment's fragments in one pooled <see cref="SegmentBuffer"/>, so a part is a slice of its
/// segment and the segment needs no concatenation. Published slices are never written again: growing moves to a
/// larger array, and parts already handed out keep pointing at the old one, which the buffer keeps until released.
/// </summary>
/// <remarks>
/// The buffer is taken from the pool at the segment's first fragment; from then on the packager's store owns the
/// reference the buffer starts with (every fragment written is published), so starting the next segment only lets
/// go of it here.
/// </remarks>
internal sealed class SegmentBufferWriter(SegmentBufferPool pool) : IBufferWriter<byte>
{
    private SegmentBuffer? _buffer;
    private byte[] _array = [];
    private int _length;
    private int _previousLength;

    /// <summary>The open segment's buffer; null until its first fragment.</summary>
    public SegmentBuffer? Buffer => _buffer;

    public int Length => _length;

    /// <summary>Starts a new segment; its buffer is rented at its first fragment, sized from the previous segment.</summary>
    public void StartSegment()
    {
        // A decaying maximum of recent segments: one large segment (a busy scene) raises it at once, and it
        // falls back by an eighth per segment, so a steady stream asks the pool for one size class.
        if (_length > 0) _previousLength = Math.Max(_length, _previousLength - _previousLength / 8);
        _buffer = null;
        _array = [];
        _length = 0;
    }

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <summary>
    /// Makes room for <paramref name="bytes"/> more bytes before a fragment is written. A track's first segment has no
    /// predecessor to size from: <paramref name="firstSegmentEstimate"/> (from the announced bitrate or the first part)
    /// stands in, so it does not grow through every size class from the smallest, each outgrown array then kept by
    /// the pool for sizes no steady stream asks for.
    /// </summary>
    public void Reserve(int bytes, int firstSegmentEstimate = 0)
    {
        bytes = Math.Max(bytes, 1);
        if (_buffer is null)
        {
            // At least the recent maximum; an eighth above it if an array must be allocated, which absorbs a steady
            // stream's variation (with the pool's rounding up to its class) without growing, which would hold two
            // arrays until the segment is released.
            var minimum = _previousLength > 0 ? _previousLength : firstSegmentEstimate;
            minimum = Math.Max(Math.Max(SegmentBufferPool.MinimumLength, minimum), bytes);
            var preferred = _previousLength > 0 ? Math.Max(minimum, _previousLength + _previousLength / 8) : minimum;
            _buffer = new SegmentBuffer(pool, minimum, preferred);
            _array = _buffer.Array;
            return;
        }
        if (_array.Length - _length >= bytes) return;
        _buffer.Grow(Math.Max(_array.Length + _array.Length / 2, _length + bytes), _length); // the next class up
        _array = _buffer.Array;
    }

    /// <summary>Written bytes of the open segment as readers see them.</summary>
    public ReadOnlyMemory<byte> Slice(int start, int length) =>
        _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.Slice(start, length);
}
