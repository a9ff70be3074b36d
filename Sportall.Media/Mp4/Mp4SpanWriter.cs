using System.Buffers.Binary;

namespace Sportall.Media.Mp4;

/// <summary>
/// Big-endian writes into a span whose size the caller computed beforehand. Running past the end is a
/// size-computation bug, so the span's own bounds check is the only check.
/// </summary>
internal ref struct Mp4SpanWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public Mp4SpanWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    public void UInt8(byte value) => _span[_position++] = value;

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_span[_position..], value);
        _position += 2;
    }

    public void Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_span[_position..], value);
        _position += 2;
    }

    public void UInt24(uint value)
    {
        var s = _span.Slice(_position, 3);
        s[0] = (byte)(value >> 16);
        s[1] = (byte)(value >> 8);
        s[2] = (byte)value;
        _position += 3;
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_span[_position..], value);
        _position += 8;
    }

    public void Zeros(int count)
    {
        _span.Slice(_position, count).Clear();
        _position += count;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_span[_position..]);
        _position += value.Length;
    }

    /// <summary>Box header (ISO/IEC 14496-12 §4.2): 32-bit size including the header, then the type.</summary>
    public void Box(int size, uint type)
    {
        UInt32((uint)size);
        UInt32(type);
    }

    /// <summary>FullBox header: box header, then version (8 bits) and flags (24 bits).</summary>
    public void FullBox(int size, uint type, byte version, uint flags)
    {
        Box(size, type);
        UInt8(version);
        UInt24(flags);
    }

    /// <summary>
    /// The unity transformation matrix of mvhd/tkhd (§8.2.2.3): { 0x00010000,0,0, 0,0x00010000,0, 0,0,0x40000000 }.
    /// </summary>
    public void UnityMatrix()
    {
        UInt32(0x00010000); UInt32(0); UInt32(0);
        UInt32(0); UInt32(0x00010000); UInt32(0);
        UInt32(0); UInt32(0); UInt32(0x40000000);
    }
}
