using Sportall.Media.Bits;

namespace Sportall.Media.Codecs.H264;

/// <summary>
/// The parts of an H.264 seq_parameter_set_rbsp (ISO/IEC 14496-10 §7.3.2.1.1) a packager needs:
/// profile and level for the codec string, the displayed picture size after frame cropping, and the
/// frame rate from VUI timing information when the encoder sent it.
/// </summary>
public sealed record H264SequenceParameterSet
{
    // ISO/IEC 14496-10 Table A-1 tops out at 139264 macroblocks per frame (level 6.2: 8192x4320);
    // a width or height of 1024 macroblocks (16384 px) leaves headroom and keeps the arithmetic in int.
    internal const int MaxDimensionInMacroblocks = 1024;

    // §7.4.2.1.1: num_ref_frames_in_pic_order_cnt_cycle "shall be in the range of 0 to 255".
    private const int MaxRefFramesInPicOrderCntCycle = 255;

    public required byte ProfileIdc { get; init; }

    /// <summary>constraint_set0_flag..constraint_set5_flag and the two reserved zero bits, as the byte after profile_idc.</summary>
    public required byte ConstraintFlags { get; init; }

    public required byte LevelIdc { get; init; }

    public required int SeqParameterSetId { get; init; }

    /// <summary>0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4.</summary>
    public required int ChromaFormatIdc { get; init; }

    public required int BitDepthLuma { get; init; }

    public required int BitDepthChroma { get; init; }

    public required bool FrameMbsOnly { get; init; }

    /// <summary>Luma width in pixels after frame cropping.</summary>
    public required int Width { get; init; }

    /// <summary>Luma height in pixels after frame cropping (a frame, both fields together, when interlaced).</summary>
    public required int Height { get; init; }

    /// <summary>Frames per second from VUI timing (time_scale / (2 · num_units_in_tick)), 0 when absent.</summary>
    public required double FrameRate { get; init; }

    /// <summary>RFC 6381 codec string: <c>avc1.</c> then profile_idc, the constraint byte and level_idc as uppercase hex.</summary>
    public string CodecString => FormatCodecString(ProfileIdc, ConstraintFlags, LevelIdc);

    internal static string FormatCodecString(byte profileIdc, byte constraintFlags, byte levelIdc) =>
        string.Create(11, (profileIdc, constraintFlags, levelIdc), static (span, v) =>
        {
            "avc1.".CopyTo(span);
            v.profileIdc.TryFormat(span[5..], out _, "X2");
            v.constraintFlags.TryFormat(span[7..], out _, "X2");
            v.levelIdc.TryFormat(span[9..], out _, "X2");
        });

    /// <summary>
    /// Parses an SPS NAL unit, starting at its one-byte NAL header (nal_unit_type 7), with emulation
    /// prevention bytes still in place.
    /// </summary>
    /// <exception cref="CodecFormatException">The NAL unit is not an SPS, is truncated, or holds values out of range.</exception>
    public static H264SequenceParameterSet Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 4) CodecThrow.Truncated("H.264 SPS");
        if ((nalUnit[0] & 0x1F) != 7) CodecThrow.WrongUnitType($"NAL unit type {nalUnit[0] & 0x1F} is not an H.264 SPS (7).");

        // seq_parameter_set_data(): profile_idc u(8), constraint_set0..5_flag + reserved_zero_2bits u(8), level_idc u(8)
        var reader = new BitReader(nalUnit[1..], rbsp: true);
        var profileIdc = (byte)reader.ReadBits(8);
        var constraintFlags = (byte)reader.ReadBits(8);
        var levelIdc = (byte)reader.ReadBits(8);
        var spsId = reader.ReadUe();
        if (spsId > 31) CodecThrow.Invalid($"seq_parameter_set_id {spsId} is out of range 0..31.");

        uint chromaFormatIdc = 1;
        var separateColourPlane = false;
        uint bitDepthLumaMinus8 = 0, bitDepthChromaMinus8 = 0;
        if (HasChromaInfo(profileIdc))
        {
            chromaFormatIdc = reader.ReadUe();
            if (chromaFormatIdc > 3) CodecThrow.Invalid($"chroma_format_idc {chromaFormatIdc} is out of range 0..3.");
            if (chromaFormatIdc == 3) separateColourPlane = reader.ReadFlag();
            bitDepthLumaMinus8 = reader.ReadUe();
            bitDepthChromaMinus8 = reader.ReadUe();
            if (bitDepthLumaMinus8 > 6 || bitDepthChromaMinus8 > 6) CodecThrow.Invalid("bit_depth_minus8 is out of range 0..6.");
            reader.ReadFlag(); // qpprime_y_zero_transform_bypass_flag
            if (reader.ReadFlag()) // seq_scaling_matrix_present_flag
            {
                var lists = chromaFormatIdc != 3 ? 8 : 12;
                for (var i = 0; i < lists; i++)
                {
                    if (reader.ReadFlag()) // seq_scaling_list_present_flag[i]
                    {
                        SkipScalingList(ref reader, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        reader.ReadUe(); // log2_max_frame_num_minus4
        var picOrderCntType = reader.ReadUe();
        if (picOrderCntType == 0)
        {
            reader.ReadUe(); // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (picOrderCntType == 1)
        {
            reader.ReadFlag(); // delta_pic_order_always_zero_flag
            reader.ReadSe(); // offset_for_non_ref_pic
            reader.ReadSe(); // offset_for_top_to_bottom_field
            var cycle = reader.ReadUe();
            if (reader.HasError) CodecThrow.Truncated("H.264 SPS");
            if (cycle > MaxRefFramesInPicOrderCntCycle) CodecThrow.Invalid($"num_ref_frames_in_pic_order_cnt_cycle {cycle} exceeds 255.");
            for (var i = 0; i < cycle; i++) reader.ReadSe();
        }
        else if (picOrderCntType != 2)
        {
            CodecThrow.Invalid($"pic_order_cnt_type {picOrderCntType} is out of range 0..2.");
        }

        reader.ReadUe(); // max_num_ref_frames
        reader.ReadFlag(); // gaps_in_frame_num_value_allowed_flag
        var widthInMbs = reader.ReadUe() + 1;
        var heightInMapUnits = reader.ReadUe() + 1;
        var frameMbsOnly = reader.ReadFlag();
        if (!frameMbsOnly) reader.ReadFlag(); // mb_adaptive_frame_field_flag
        reader.ReadFlag(); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (reader.ReadFlag()) // frame_cropping_flag
        {
            cropLeft = reader.ReadUe();
            cropRight = reader.ReadUe();
            cropTop = reader.ReadUe();
            cropBottom = reader.ReadUe();
        }
        if (reader.HasError) CodecThrow.Truncated("H.264 SPS");
        if (widthInMbs > MaxDimensionInMacroblocks || heightInMapUnits > MaxDimensionInMacroblocks)
        {
            CodecThrow.LimitExceeded($"H.264 picture of {widthInMbs}x{heightInMapUnits} macroblocks exceeds {MaxDimensionInMacroblocks}.");
        }

        // §7.4.2.1.1 frame_crop_*_offset and Table 6-1: crop units depend on ChromaArrayType and field coding.
        var chromaArrayType = separateColourPlane ? 0u : chromaFormatIdc;
        var subWidthC = chromaArrayType == 3 ? 1u : 2u;
        var subHeightC = chromaArrayType == 1 ? 2u : 1u;
        var fieldFactor = frameMbsOnly ? 1u : 2u;
        var cropUnitX = chromaArrayType == 0 ? 1u : subWidthC;
        var cropUnitY = chromaArrayType == 0 ? fieldFactor : subHeightC * fieldFactor;
        var codedWidth = widthInMbs * 16;
        var codedHeight = heightInMapUnits * 16 * fieldFactor;
        var cropX = (ulong)cropUnitX * ((ulong)cropLeft + cropRight);
        var cropY = (ulong)cropUnitY * ((ulong)cropTop + cropBottom);
        if (cropX >= codedWidth || cropY >= codedHeight)
        {
            CodecThrow.Invalid($"H.264 frame cropping ({cropX}, {cropY}) removes the whole {codedWidth}x{codedHeight} picture.");
        }

        double frameRate = 0;
        if (reader.ReadFlag()) // vui_parameters_present_flag
        {
            frameRate = ReadVuiFrameRate(ref reader);
        }

        return new H264SequenceParameterSet
        {
            ProfileIdc = profileIdc,
            ConstraintFlags = constraintFlags,
            LevelIdc = levelIdc,
            SeqParameterSetId = (int)spsId,
            ChromaFormatIdc = (int)chromaFormatIdc,
            BitDepthLuma = (int)bitDepthLumaMinus8 + 8,
            BitDepthChroma = (int)bitDepthChromaMinus8 + 8,
            FrameMbsOnly = frameMbsOnly,
            Width = (int)(codedWidth - cropX),
            Height = (int)(codedHeight - cropY),
            FrameRate = frameRate,
        };
    }

    /// <summary>The High-family profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (§7.3.2.1.1).</summary>
    internal static bool HasChromaInfo(int profileIdc) => profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    // §7.3.2.1.1.1 scaling_list(): delta-coded; a nextScale of 0 ends the explicit part of the list.
    private static void SkipScalingList(ref BitReader reader, int size)
    {
        int lastScale = 8, nextScale = 8;
        for (var j = 0; j < size; j++)
        {
            if (nextScale != 0)
            {
                var deltaScale = reader.ReadSe();
                if (reader.HasError) CodecThrow.Truncated("H.264 SPS scaling list");
                nextScale = (lastScale + deltaScale + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    // Annex E.1.1 vui_parameters() up to timing_info: everything before it must be walked to reach it.
    // A VUI cut short after the picture size is tolerated (frame rate unknown): the size is what matters.
    private static double ReadVuiFrameRate(ref BitReader reader)
    {
        if (reader.ReadFlag()) // aspect_ratio_info_present_flag
        {
            if (reader.ReadBits(8) == 255) reader.Skip(32); // Extended_SAR: sar_width u(16), sar_height u(16)
        }
        if (reader.ReadFlag()) reader.ReadFlag(); // overscan_info_present_flag, overscan_appropriate_flag
        if (reader.ReadFlag()) // video_signal_type_present_flag
        {
            reader.Skip(4); // video_format u(3), video_full_range_flag u(1)
            if (reader.ReadFlag()) reader.Skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
        }
        if (reader.ReadFlag()) // chroma_loc_info_present_flag
        {
            reader.ReadUe();
            reader.ReadUe();
        }
        if (!reader.ReadFlag()) return 0; // timing_info_present_flag
        var numUnitsInTick = reader.ReadBits(32);
        var timeScale = reader.ReadBits(32);
        if (reader.HasError || numUnitsInTick == 0 || timeScale == 0) return 0;
        // E.2.1: a frame lasts two ticks (one per field) in the usual fixed_frame_rate case.
        return timeScale / (2.0 * numUnitsInTick);
    }
}
