using System.Buffers.Binary;

namespace Sportall.Media.Mp4.Reading;

/// <summary>Big-endian reads from a box payload already in memory; running past the end is a truncated box.</summary>
internal ref struct Mp4SpanReader
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly string _box;
    private int _position;

    public Mp4SpanReader(ReadOnlySpan<byte> span, string box)
    {
        _span = span;
        _box = box;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _span.Length - _position;

    public readonly ReadOnlySpan<byte> Rest => _span[_position..];

    public void Skip(int count)
    {
        Need(count);
        _position += count;
    }

    public byte UInt8()
    {
        Need(1);
        return _span[_position++];
    }

    public ushort UInt16()
    {
        Need(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return v;
    }

    public uint UInt32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return v;
    }

    public int Int32() => (int)UInt32();

    public ulong UInt64()
    {
        Need(8);
        var v = BinaryPrimitives.ReadUInt64BigEndian(_span[_position..]);
        _position += 8;
        return v;
    }

    public long Int64() => (long)UInt64();

    /// <summary>FullBox version and flags (§4.2).</summary>
    public (int Version, uint Flags) FullBoxHeader()
    {
        var word = UInt32();
        return ((int)(word >> 24), word & 0xFFFFFF);
    }

    /// <summary>An entry_count whose entries of <paramref name="entrySize"/> bytes must fit in what is left, checked before anything is allocated.</summary>
    public int EntryCount(int entrySize, int limit, string what)
    {
        var count = UInt32();
        if (count > (uint)limit) Mp4Throw.LimitExceeded(what, count, limit);
        if ((long)count * entrySize > Remaining) Mp4Throw.Truncated($"{_box} ({count} entries of {entrySize} bytes)");
        return (int)count;
    }

    private readonly void Need(int count)
    {
        if (count < 0 || _span.Length - _position < count) Mp4Throw.Truncated(_box);
    }
}
