using Sportall.Media.Bits;

namespace Sportall.Media.Tests.Codecs;

public class BitReaderTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(254u)]
    [InlineData(65535u)]
    [InlineData(uint.MaxValue - 1)] // the largest value a 31-leading-zero code carries
    public void Ue_round_trips(uint value)
    {
        var bytes = new TestBitWriter().Ue(value).Bits(1, 1).TrailingBits().ToArray();
        var reader = new BitReader(bytes);
        Assert.Equal(value, reader.ReadUe());
        Assert.Equal(1u, reader.ReadBit());
        Assert.False(reader.HasError);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(127)]
    [InlineData(-128)]
    [InlineData(int.MaxValue)]
    public void Se_round_trips(int value)
    {
        var reader = new BitReader(new TestBitWriter().Se(value).TrailingBits().ToArray());
        Assert.Equal(value, reader.ReadSe());
        Assert.False(reader.HasError);
    }

    [Fact]
    public void Ue_with_more_than_31_leading_zeros_is_an_invalid_code()
    {
        var reader = new BitReader([0, 0, 0, 0, 0x80]);
        Assert.Equal(0u, reader.ReadUe());
        Assert.True(reader.InvalidCode);
    }

    [Fact]
    public void Reading_past_the_end_sets_overrun_and_yields_zeros()
    {
        var reader = new BitReader([0xFF]);
        Assert.Equal(0xFFu, reader.ReadBits(8));
        Assert.False(reader.Overrun);
        Assert.Equal(0u, reader.ReadBits(4));
        Assert.True(reader.Overrun);
    }

    [Theory]
    // 00 00 03 01: the 03 is an emulation prevention byte.
    [InlineData(new byte[] { 0x00, 0x00, 0x03, 0x01 }, new byte[] { 0x00, 0x00, 0x01 })]
    // Two escapes in a row: 00 00 03 00 00 03 00.
    [InlineData(new byte[] { 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00 }, new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00 })]
    // 03 not after two zeros stays.
    [InlineData(new byte[] { 0x00, 0x03, 0x00, 0x03 }, new byte[] { 0x00, 0x03, 0x00, 0x03 })]
    // After an escape the zero count restarts: 00 00 03 00 03 keeps the last 03.
    [InlineData(new byte[] { 0x00, 0x00, 0x03, 0x00, 0x03 }, new byte[] { 0x00, 0x00, 0x00, 0x03 })]
    public void Rbsp_mode_drops_emulation_prevention_bytes(byte[] nal, byte[] rbsp)
    {
        var reader = new BitReader(nal, rbsp: true);
        var read = new List<byte>();
        for (var i = 0; i < rbsp.Length; i++) read.Add((byte)reader.ReadBits(8));
        Assert.Equal(rbsp, read);
        Assert.False(reader.Overrun);
        reader.ReadBits(8);
        Assert.True(reader.Overrun);
    }

    [Fact]
    public void Bits64_reads_across_the_32_bit_boundary()
    {
        var reader = new BitReader([0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC]);
        Assert.Equal(0x123456789ABCUL, reader.ReadBits64(48));
    }
}
