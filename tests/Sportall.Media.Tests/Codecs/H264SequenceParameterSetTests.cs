using Sportall.Media.Codecs;
using Sportall.Media.Codecs.H264;

namespace Sportall.Media.Tests.Codecs;

public class H264SequenceParameterSetTests
{
    // SPS NAL units written by libx264 (ffmpeg 5.1: testsrc2 at the given size/rate, one frame, h264_mp4toannexb).
    public static TheoryData<string, string, int, int, string, int, int, bool, double> RealSps => new()
    {
        // name, SPS hex, width, height, codec string, profile_idc, chroma_format_idc, frame_mbs_only, frame rate
        { "1280x720 High@3.1 30fps", "6764001facd9405005bb0110000003001000000303c0f1831960", 1280, 720, "avc1.64001F", 100, 1, true, 30 },
        { "1920x1080 High@4.0 cropped from 1088", "67640028acd940780227e5c044000003000400000300c83c60c658", 1920, 1080, "avc1.640028", 100, 1, true, 25 },
        { "1920x1080 interlaced (field crop units)", "67640028acd94078044fde0220000003002000000643e2c5b2c0", 1920, 1080, "avc1.640028", 100, 1, false, 25 },
        { "330x250 High 4:4:4 (crop unit 1)", "67f40015919b282a10f3cf80880000030008000003032078b16cb0", 330, 250, "avc1.F40015", 244, 3, true, 50 },
        { "330x250 High 4:2:2 at 29.97", "677a000dbcd9415087927c04400000fa40003a9803c50a6580", 330, 250, "avc1.7A000D", 122, 2, true, 30000.0 / 1001 },
        { "176x144 Constrained Baseline", "6742c00ad902c4ec0440000003004000000783c48992", 176, 144, "avc1.42C00A", 66, 1, true, 15 },
    };

    [Theory]
    [MemberData(nameof(RealSps))]
    public void Parses_x264_sps(string name, string hex, int width, int height, string codecString, int profileIdc, int chromaFormatIdc, bool frameMbsOnly, double frameRate)
    {
        _ = name;
        var sps = H264SequenceParameterSet.Parse(Convert.FromHexString(hex));
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(codecString, sps.CodecString);
        Assert.Equal(profileIdc, sps.ProfileIdc);
        Assert.Equal(chromaFormatIdc, sps.ChromaFormatIdc);
        Assert.Equal(frameMbsOnly, sps.FrameMbsOnly);
        Assert.Equal(frameRate, sps.FrameRate, 6);
    }

    /// <summary>Writes an SPS from its fields (ISO/IEC 14496-10 §7.3.2.1.1) for cases no encoder at hand produces.</summary>
    internal static byte[] BuildSps(
        byte profileIdc = 100, byte levelIdc = 40, uint chromaFormatIdc = 1, bool separateColourPlane = false,
        bool scalingLists = false, uint picOrderCntType = 0, uint widthInMbs = 120, uint heightInMapUnits = 68,
        bool frameMbsOnly = true, (uint Left, uint Right, uint Top, uint Bottom)? crop = null,
        (uint NumUnitsInTick, uint TimeScale)? timing = null, bool withOtherVuiFields = false)
    {
        var w = new TestBitWriter();
        w.Bits(0x67, 8).Bits(profileIdc, 8).Bits(0, 8).Bits(levelIdc, 8).Ue(0);
        if (H264SequenceParameterSet.HasChromaInfo(profileIdc))
        {
            w.Ue(chromaFormatIdc);
            if (chromaFormatIdc == 3) w.Flag(separateColourPlane);
            w.Ue(2).Ue(2).Flag(false); // 10-bit, qpprime_y_zero_transform_bypass_flag
            w.Flag(scalingLists);
            if (scalingLists)
            {
                for (var i = 0; i < (chromaFormatIdc != 3 ? 8 : 12); i++)
                {
                    var present = i is 0 or 3 or 6 or 7;
                    w.Flag(present);
                    if (!present) continue;
                    var size = i < 6 ? 16 : 64;
                    if (i == 7)
                    {
                        w.Se(-8); // nextScale 0 at once: "use the default list"
                        continue;
                    }
                    for (var j = 0; j < size; j++) w.Se(j % 2 == 0 ? 3 : -2);
                }
            }
        }
        w.Ue(0).Ue(picOrderCntType); // log2_max_frame_num_minus4, pic_order_cnt_type
        if (picOrderCntType == 0) w.Ue(2);
        if (picOrderCntType == 1)
        {
            w.Flag(false).Se(-1).Se(2).Ue(3).Se(1).Se(-5).Se(7);
        }
        w.Ue(4).Flag(false).Ue(widthInMbs - 1).Ue(heightInMapUnits - 1).Flag(frameMbsOnly);
        if (!frameMbsOnly) w.Flag(true);
        w.Flag(true); // direct_8x8_inference_flag
        w.Flag(crop is not null);
        if (crop is { } c) w.Ue(c.Left).Ue(c.Right).Ue(c.Top).Ue(c.Bottom);
        w.Flag(timing is not null || withOtherVuiFields);
        if (timing is not null || withOtherVuiFields)
        {
            w.Flag(withOtherVuiFields);
            if (withOtherVuiFields) w.Bits(255, 8).Bits(4, 16).Bits(3, 16); // Extended_SAR 4:3
            w.Flag(withOtherVuiFields);
            if (withOtherVuiFields) w.Flag(true);
            w.Flag(withOtherVuiFields);
            if (withOtherVuiFields) w.Bits(5, 3).Flag(false).Flag(true).Bits(1, 8).Bits(1, 8).Bits(1, 8);
            w.Flag(withOtherVuiFields);
            if (withOtherVuiFields) w.Ue(1).Ue(1);
            w.Flag(timing is not null);
            if (timing is { } t) w.Bits(t.NumUnitsInTick, 32).Bits(t.TimeScale, 32).Flag(true);
            w.Flag(false).Flag(false).Flag(false).Flag(false); // HRD, pic_struct, bitstream_restriction
        }
        return w.TrailingBits().ToNalPayload();
    }

    [Fact]
    public void Walks_scaling_lists_of_high_profiles()
    {
        var sps = H264SequenceParameterSet.Parse(BuildSps(scalingLists: true, crop: (0, 0, 0, 4), timing: (1001, 60000)));
        Assert.Equal(1920, sps.Width);
        Assert.Equal(1080, sps.Height);
        Assert.Equal(10, sps.BitDepthLuma);
        Assert.Equal(30000.0 / 1001, sps.FrameRate, 6);
    }

    [Fact]
    public void Walks_scaling_lists_of_4_4_4_with_twelve_lists()
    {
        var sps = H264SequenceParameterSet.Parse(BuildSps(profileIdc: 244, chromaFormatIdc: 3, scalingLists: true, widthInMbs: 20, heightInMapUnits: 15, crop: (1, 2, 3, 4), timing: (1, 100)));
        Assert.Equal(320 - 3, sps.Width);
        Assert.Equal(240 - 7, sps.Height);
        Assert.Equal(50, sps.FrameRate);
    }

    [Fact]
    public void Walks_pic_order_cnt_type_1_and_full_vui()
    {
        var sps = H264SequenceParameterSet.Parse(BuildSps(picOrderCntType: 1, timing: (1, 50), withOtherVuiFields: true));
        Assert.Equal(1920, sps.Width);
        Assert.Equal(1088, sps.Height);
        Assert.Equal(25, sps.FrameRate);
    }

    [Theory]
    // Monochrome: crop units are 1 horizontally, 1 (frame) vertically.
    [InlineData(0u, false, true, 320 - 3, 240 - 7)]
    // 4:2:0 field coding: crop unit Y = SubHeightC (2) × 2.
    [InlineData(1u, false, false, 320 - 6, 480 - 28)]
    // 4:4:4 with separate colour planes: ChromaArrayType 0.
    [InlineData(3u, true, true, 320 - 3, 240 - 7)]
    // 4:2:2: crop unit X 2, Y 1.
    [InlineData(2u, false, true, 320 - 6, 240 - 7)]
    public void Applies_crop_units_per_chroma_array_type(uint chromaFormatIdc, bool separateColourPlane, bool frameMbsOnly, int width, int height)
    {
        var sps = H264SequenceParameterSet.Parse(BuildSps(
            profileIdc: 244, chromaFormatIdc: chromaFormatIdc, separateColourPlane: separateColourPlane,
            widthInMbs: 20, heightInMapUnits: 15, frameMbsOnly: frameMbsOnly, crop: (1, 2, 3, 4)));
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(0, sps.FrameRate);
    }

    [Fact]
    public void Every_prefix_before_the_picture_size_is_truncated()
    {
        var nal = Convert.FromHexString("6764001facd9405005bb0110000003001000000303c0f1831960");
        // Through frame_cropping_flag (bit 7 of byte 9) the SPS is required; the VUI may be cut (frame rate then unknown).
        for (var length = 0; length < 10; length++)
        {
            var e = Assert.Throws<CodecFormatException>(() => H264SequenceParameterSet.Parse(nal.AsSpan(0, length)));
            Assert.Equal(CodecFormatError.Truncated, e.Reason);
        }
        for (var length = 10; length < nal.Length; length++)
        {
            var sps = H264SequenceParameterSet.Parse(nal.AsSpan(0, length));
            Assert.Equal((1280, 720), (sps.Width, sps.Height));
        }
    }

    [Theory]
    [InlineData("68ebe3cb22c0", CodecFormatError.WrongUnitType)] // a PPS
    [InlineData("67640028", CodecFormatError.Truncated)]
    public void Rejects_bad_input(string hex, CodecFormatError reason)
    {
        var e = Assert.Throws<CodecFormatException>(() => H264SequenceParameterSet.Parse(Convert.FromHexString(hex)));
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void Rejects_cropping_that_removes_the_picture()
    {
        var e = Assert.Throws<CodecFormatException>(() => H264SequenceParameterSet.Parse(BuildSps(widthInMbs: 1, heightInMapUnits: 1, crop: (4, 4, 0, 0))));
        Assert.Equal(CodecFormatError.InvalidValue, e.Reason);
    }

    [Fact]
    public void Rejects_a_picture_beyond_the_size_limit()
    {
        var e = Assert.Throws<CodecFormatException>(() => H264SequenceParameterSet.Parse(BuildSps(widthInMbs: 1025)));
        Assert.Equal(CodecFormatError.LimitExceeded, e.Reason);
    }
}
