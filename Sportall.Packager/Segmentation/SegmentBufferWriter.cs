using System.Buffers;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// Collects one segment's fragments in one array, so a part is a slice of its segment and the segment
/// needs no concatenation. Published slices are never written again: growing allocates a new array and
/// copies, and parts already handed out keep pointing at the old one, which stays valid and unchanged.
/// </summary>
internal sealed class SegmentBufferWriter : IBufferWriter<byte>
{
    // A first segment of a 6 Mbit/s, 2 s stream is ~1.5 MB; starting at 64 KiB costs a few doublings once,
    // later segments start at the previous segment's size plus a quarter.
    private const int MinimumCapacity = 64 * 1024;

    private byte[] _array = [];
    private int _length;

    public byte[] Array => _array;

    public int Length => _length;

    /// <summary>Starts a new segment in a fresh array sized from the previous one.</summary>
    public void StartSegment()
    {
        var capacity = Math.Max(MinimumCapacity, _length + _length / 4);
        _array = new byte[capacity];
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

    /// <summary>Makes room for <paramref name="bytes"/> more bytes before a fragment is written.</summary>
    public void Reserve(int bytes)
    {
        bytes = Math.Max(bytes, 1);
        if (_array.Length - _length >= bytes) return;
        var grown = new byte[Math.Max(_array.Length * 2, _length + bytes)];
        _array.AsSpan(0, _length).CopyTo(grown);
        _array = grown;
    }
}
