using Sportall.Media.Codecs;
using Sportall.Media.Codecs.H264;

namespace Sportall.Media.Tests.Codecs;

public class AvcDecoderConfigurationRecordTests
{
    internal static readonly byte[] Sps720 = Convert.FromHexString("6764001facd9405005bb0110000003001000000303c0f1831960");
    internal static readonly byte[] Pps720 = Convert.FromHexString("68ebe3cb22c0");
    internal static readonly byte[] SpsBaseline = Convert.FromHexString("6742c00ad902c4ec0440000003004000000783c48992");
    internal static readonly byte[] PpsBaseline = Convert.FromHexString("68cb83cb20");

    // (name, bytes, profile, compat, level, length size, SPS count, PPS count, has High extension)
    public static TheoryData<string, string, int, int, int, int, int, int, bool> Records => new()
    {
        {
            "High with extension (ffmpeg 6+ style)",
            "0164001fffe1001a" + "6764001facd9405005bb0110000003001000000303c0f1831960" + "010006" + "68ebe3cb22c0" + "fdf8f800",
            100, 0, 31, 4, 1, 1, true
        },
        {
            "High without extension (ffmpeg 5, OBS)",
            "0164001fffe1001a" + "6764001facd9405005bb0110000003001000000303c0f1831960" + "010006" + "68ebe3cb22c0",
            100, 0, 31, 4, 1, 1, false
        },
        {
            "Baseline, 2-byte lengths",
            "0142c00afde10016" + "6742c00ad902c4ec0440000003004000000783c48992" + "010005" + "68cb83cb20",
            66, 0xC0, 10, 2, 1, 1, false
        },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Reads_writes_and_round_trips(string name, string hex, int profile, int compat, int level, int lengthSize, int spsCount, int ppsCount, bool extension)
    {
        _ = name;
        var bytes = Convert.FromHexString(hex);
        var record = AvcDecoderConfigurationRecord.Parse(bytes);
        Assert.Equal(profile, record.ProfileIndication);
        Assert.Equal(compat, record.ProfileCompatibility);
        Assert.Equal(level, record.LevelIndication);
        Assert.Equal(lengthSize, record.NalLengthSize);
        Assert.Equal(spsCount, record.SequenceParameterSets.Count);
        Assert.Equal(ppsCount, record.PictureParameterSets.Count);
        Assert.Equal(extension, record.HasHighProfileExtension);
        Assert.Equal(bytes.Length, record.ComputeSize());
        Assert.Equal(bytes, record.ToArray());
    }

    [Fact]
    public void Builds_from_parameter_sets()
    {
        var built = AvcDecoderConfigurationRecord.FromParameterSets([Sps720], [Pps720]).ToArray();
        Assert.Equal(Convert.FromHexString("0164001fffe1001a6764001facd9405005bb0110000003001000000303c0f1831960010006" + "68ebe3cb22c0" + "fdf8f800"), built);
        var parsed = AvcDecoderConfigurationRecord.Parse(built);
        Assert.Equal("avc1.64001F", parsed.CodecString);
        Assert.Equal(Sps720, parsed.SequenceParameterSets[0]);
        Assert.Equal(Pps720, parsed.PictureParameterSets[0]);

        var baseline = AvcDecoderConfigurationRecord.Parse(AvcDecoderConfigurationRecord.FromParameterSets([SpsBaseline], [PpsBaseline]).ToArray());
        Assert.False(baseline.HasHighProfileExtension);
        Assert.Equal("avc1.42C00A", baseline.CodecString);
    }

    [Fact]
    public void Every_prefix_through_the_pps_list_is_truncated()
    {
        var bytes = Convert.FromHexString("0142c00afde10016" + "6742c00ad902c4ec0440000003004000000783c48992" + "010005" + "68cb83cb20");
        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<CodecFormatException>(() => AvcDecoderConfigurationRecord.Parse(bytes.AsSpan(0, length)));
            Assert.Equal(CodecFormatError.Truncated, e.Reason);
        }
    }

    [Theory]
    [InlineData("0064001fffe100", CodecFormatError.UnsupportedVersion)]
    [InlineData("0164001ffee100", CodecFormatError.InvalidValue)] // lengthSizeMinusOne 2
    [InlineData("0164001fffe1000000", CodecFormatError.InvalidValue)] // empty SPS
    public void Rejects_bad_records(string hex, CodecFormatError reason)
    {
        var e = Assert.Throws<CodecFormatException>(() => AvcDecoderConfigurationRecord.Parse(Convert.FromHexString(hex)));
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void Refuses_to_build_without_a_pps()
    {
        Assert.Throws<CodecFormatException>(() => AvcDecoderConfigurationRecord.FromParameterSets([Sps720], []));
    }
}
