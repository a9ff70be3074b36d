using Sportall.Media.Codecs;
using Sportall.Media.Codecs.H265;

namespace Sportall.Media.Tests.Codecs;

public class H265Tests
{
    // Parameter sets written by libx265 (ffmpeg 5.1, testsrc2 1920x1080 at 25 fps, one frame).
    internal static readonly byte[] Vps1080 = Convert.FromHexString("40010c01ffff016000000300900000030000030078959809");
    internal static readonly byte[] Sps1080 = Convert.FromHexString("420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000c84");
    internal static readonly byte[] Pps1080 = Convert.FromHexString("4401c172b46240");
    internal static readonly byte[] Sps1080Main10 = Convert.FromHexString("420101022000000300900000030000030078a003c08010e4d96566924caf016808000003000800000300c840");

    public static TheoryData<string, byte[], int, int, string, int, double> Sps => new()
    {
        // name, SPS, width, height, codec string, bit depth, frame rate
        { "Main 1080p (1088 coded, conformance window 8)", Sps1080, 1920, 1080, "hvc1.1.6.L120.90", 8, 25 },
        { "Main 10 1080p", Sps1080Main10, 1920, 1080, "hvc1.2.4.L120.90", 10, 25 },
    };

    [Theory]
    [MemberData(nameof(Sps))]
    public void Parses_x265_sps(string name, byte[] nal, int width, int height, string codecString, int bitDepth, double frameRate)
    {
        _ = name;
        var sps = H265SequenceParameterSet.Parse(nal);
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(codecString, sps.CodecString);
        Assert.Equal(bitDepth, sps.BitDepthLuma);
        Assert.Equal(1, sps.ChromaFormatIdc);
        Assert.Equal(frameRate, sps.FrameRate, 6);
    }

    [Theory]
    // Annex E.3 examples and edge cases of the string: profile space letters, high tier, trailing zero bytes dropped.
    [InlineData(0, false, 1, 0x60000000u, 0x900000000000UL, 120, "hvc1.1.6.L120.90")]
    [InlineData(0, false, 1, 0x60000000u, 0xB00000000000UL, 93, "hvc1.1.6.L93.B0")]
    [InlineData(0, true, 2, 0x20000000u, 0x900000000000UL, 153, "hvc1.2.4.H153.90")]
    [InlineData(1, false, 3, 0x10000000u, 0UL, 90, "hvc1.A3.8.L90")]
    [InlineData(3, true, 4, 0x08000000u, 0x800000000001UL, 186, "hvc1.C4.10.H186.80.0.0.0.0.1")]
    [InlineData(0, false, 1, 0xFFFFFFFFu, 0x000100000000UL, 30, "hvc1.1.FFFFFFFF.L30.0.1")]
    public void Formats_the_codec_string(int space, bool highTier, int profile, uint compat, ulong constraints, int level, string expected)
    {
        Assert.Equal(expected, new H265ProfileTierLevel(space, highTier, profile, compat, constraints, level).ToCodecString());
    }

    [Fact]
    public void Builds_parses_and_round_trips_an_hvcC()
    {
        var record = HevcDecoderConfigurationRecord.FromParameterSets([Vps1080], [Sps1080], [Pps1080]);
        var bytes = record.ToArray();
        Assert.Equal(record.ComputeSize(), bytes.Length);
        Assert.Equal(23 + 3 * 5 + Vps1080.Length + Sps1080.Length + Pps1080.Length, bytes.Length);
        // Fixed part: version, Main profile, compat 0x60000000, constraints 0x900000000000, level 120, …, lengthSizeMinusOne 3.
        Assert.Equal(Convert.FromHexString("01016000000090000000000078f000fcfdf8f800000f03"), bytes[..23]);

        var parsed = HevcDecoderConfigurationRecord.Parse(bytes);
        Assert.Equal("hvc1.1.6.L120.90", parsed.CodecString);
        Assert.Equal(4, parsed.NalLengthSize);
        Assert.Equal(3, parsed.Arrays.Count);
        Assert.Equal(Sps1080, parsed.FindFirst(HevcDecoderConfigurationRecord.SpsNalUnitType));
        Assert.Equal(Vps1080, parsed.FindFirst(HevcDecoderConfigurationRecord.VpsNalUnitType));
        Assert.Equal(bytes, parsed.ToArray());
    }

    [Fact]
    public void Every_prefix_of_an_hvcC_is_truncated()
    {
        var bytes = HevcDecoderConfigurationRecord.FromParameterSets([Vps1080], [Sps1080], [Pps1080]).ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<CodecFormatException>(() => HevcDecoderConfigurationRecord.Parse(bytes.AsSpan(0, length)));
            Assert.Equal(CodecFormatError.Truncated, e.Reason);
        }
    }

    [Fact]
    public void Rejects_an_unknown_version_and_a_huge_nal_count()
    {
        var bytes = HevcDecoderConfigurationRecord.FromParameterSets([Vps1080], [Sps1080], [Pps1080]).ToArray();
        bytes[0] = 2;
        Assert.Equal(CodecFormatError.UnsupportedVersion, Assert.Throws<CodecFormatException>(() => HevcDecoderConfigurationRecord.Parse(bytes)).Reason);
        bytes[0] = 1;
        bytes[24] = 0xFF; // numNalus of the first array: 0xFF01, far more than the bytes left
        Assert.Equal(CodecFormatError.Truncated, Assert.Throws<CodecFormatException>(() => HevcDecoderConfigurationRecord.Parse(bytes)).Reason);
    }

    [Fact]
    public void Sps_parse_rejects_a_vps_and_truncation()
    {
        Assert.Equal(CodecFormatError.WrongUnitType, Assert.Throws<CodecFormatException>(() => H265SequenceParameterSet.Parse(Vps1080)).Reason);
        Assert.Equal(CodecFormatError.Truncated, Assert.Throws<CodecFormatException>(() => H265SequenceParameterSet.Parse(Sps1080.AsSpan(0, 20))).Reason);
    }
}
