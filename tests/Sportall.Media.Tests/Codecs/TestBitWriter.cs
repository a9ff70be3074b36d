namespace Sportall.Media.Tests.Codecs;

/// <summary>Writes bit strings for crafting parameter sets in tests, with NAL emulation prevention on request.</summary>
internal sealed class TestBitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bit;

    public TestBitWriter Bits(ulong value, int count)
    {
        for (var i = count - 1; i >= 0; i--) Bit((value >> i) & 1);
        return this;
    }

    public TestBitWriter Flag(bool value) => Bit(value ? 1UL : 0UL);

    public TestBitWriter Ue(uint value)
    {
        var codeNum = (ulong)value + 1;
        var length = 64 - System.Numerics.BitOperations.LeadingZeroCount(codeNum);
        Bits(0, length - 1);
        return Bits(codeNum, length);
    }

    public TestBitWriter Se(int value) => Ue(value > 0 ? (uint)(2 * value - 1) : (uint)(-2 * value));

    /// <summary>rbsp_trailing_bits(): a one, then zeros to the byte boundary.</summary>
    public TestBitWriter TrailingBits()
    {
        Bit(1);
        while (_bit != 0) Bit(0);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>The bytes with 0x03 inserted after every two zero bytes followed by a byte ≤ 3 (ISO/IEC 14496-10 §7.4.1).</summary>
    public byte[] ToNalPayload()
    {
        var output = new List<byte>();
        var zeros = 0;
        foreach (var b in _bytes)
        {
            if (zeros >= 2 && b <= 3)
            {
                output.Add(3);
                zeros = 0;
            }
            output.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return [.. output];
    }

    private TestBitWriter Bit(ulong bit)
    {
        if (_bit == 0) _bytes.Add(0);
        if (bit != 0) _bytes[^1] |= (byte)(0x80 >> _bit);
        _bit = (_bit + 1) & 7;
        return this;
    }
}
