using Sportall.Media.Codecs;
using Sportall.Media.Codecs.Av1;

namespace Sportall.Media.Tests.Codecs;

public class Av1Tests
{
    // av1C written by ffmpeg 5.1 + SVT-AV1 1.4 (testsrc2 320x240 25 fps, preset 12) into MP4.
    internal static readonly byte[] Av1C320x240 = Convert.FromHexString("81000c000a0b000000043cffbc02f80040");

    [Fact]
    public void Parses_an_svt_av1_record()
    {
        var record = Av1CodecConfigurationRecord.Parse(Av1C320x240);
        Assert.Equal(0, record.SeqProfile);
        Assert.Equal(0, record.SeqLevelIdx0);
        Assert.False(record.SeqTier0);
        Assert.Equal(8, record.BitDepth);
        Assert.True(record.ChromaSubsamplingX);
        Assert.True(record.ChromaSubsamplingY);
        Assert.Equal(320, record.Width);
        Assert.Equal(240, record.Height);
        Assert.Equal("av01.0.00M.08", record.CodecString);
    }

    [Theory]
    // byte 1: seq_profile(3) seq_level_idx_0(5); byte 2: tier, high_bitdepth, twelve_bit, mono, ssx, ssy, pos(2)
    [InlineData("8108" + "0c" + "00", "av01.0.08M.08")]
    [InlineData("810d" + "cc" + "00", "av01.0.13H.10")]
    [InlineData("8153" + "e0" + "00", "av01.2.19H.12")]
    [InlineData("8133" + "40" + "00", "av01.1.19M.10")]
    public void Formats_codec_strings_without_config_obus(string hex, string expected)
    {
        var record = Av1CodecConfigurationRecord.Parse(Convert.FromHexString(hex));
        Assert.Equal(expected, record.CodecString);
        Assert.Equal(0, record.Width);
        Assert.Null(record.SequenceHeader);
    }

    [Fact]
    public void Rejects_bad_marker_and_truncation()
    {
        Assert.Equal(CodecFormatError.UnsupportedVersion, Assert.Throws<CodecFormatException>(() => Av1CodecConfigurationRecord.Parse([0x01, 0, 0, 0])).Reason);
        for (var length = 0; length < 4; length++)
        {
            Assert.Equal(CodecFormatError.Truncated, Assert.Throws<CodecFormatException>(() => Av1CodecConfigurationRecord.Parse(Av1C320x240.AsSpan(0, length))).Reason);
        }
        // OBU size says 11 bytes, fewer follow.
        Assert.Equal(CodecFormatError.Truncated, Assert.Throws<CodecFormatException>(() => Av1CodecConfigurationRecord.Parse(Av1C320x240.AsSpan(0, 10))).Reason);
    }
}
