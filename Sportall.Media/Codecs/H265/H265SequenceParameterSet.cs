using Sportall.Media.Bits;

namespace Sportall.Media.Codecs.H265;

/// <summary>
/// The parts of an HEVC seq_parameter_set_rbsp (ISO/IEC 23008-2 §7.3.2.2) a packager needs: the
/// general profile/tier/level, the picture size after the conformance window, and the frame rate
/// from VUI timing when present.
/// </summary>
public sealed record H265SequenceParameterSet
{
    // Level 6.2 allows 35,651,584 luma samples per picture (8192x4352); 16384 per side leaves headroom.
    internal const int MaxDimension = 16384;

    // §7.4.3.2.1: num_short_term_ref_pic_sets "shall be in the range of 0 to 64"; num_long_term_ref_pics_sps 0 to 32.
    private const int MaxShortTermRefPicSets = 64;
    private const int MaxLongTermRefPicsSps = 32;

    // §7.4.8: NumDeltaPocs is bounded by sps_max_dec_pic_buffering_minus1, itself at most 15 (MaxDpbSize - 1).
    private const int MaxDeltaPocs = 16;

    public required H265ProfileTierLevel ProfileTierLevel { get; init; }

    public required int MaxSubLayers { get; init; }

    public required bool TemporalIdNesting { get; init; }

    public required int SeqParameterSetId { get; init; }

    public required int ChromaFormatIdc { get; init; }

    public required int BitDepthLuma { get; init; }

    public required int BitDepthChroma { get; init; }

    /// <summary>Luma width after the conformance window.</summary>
    public required int Width { get; init; }

    /// <summary>Luma height after the conformance window.</summary>
    public required int Height { get; init; }

    /// <summary>Frames per second from VUI timing (vui_time_scale / vui_num_units_in_tick), 0 when absent or not reached.</summary>
    public required double FrameRate { get; init; }

    public string CodecString => ProfileTierLevel.ToCodecString();

    /// <summary>Parses an SPS NAL unit from its two-byte NAL header (nal_unit_type 33), emulation prevention bytes in place.</summary>
    /// <exception cref="CodecFormatException">The NAL unit is not an SPS, is truncated or holds values out of range.</exception>
    public static H265SequenceParameterSet Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 3) CodecThrow.Truncated("H.265 SPS");
        var nalType = (nalUnit[0] >> 1) & 0x3F;
        if (nalType != 33) CodecThrow.WrongUnitType($"NAL unit type {nalType} is not an H.265 SPS (33).");

        var reader = new BitReader(nalUnit[2..], rbsp: true);
        reader.Skip(4); // sps_video_parameter_set_id
        var maxSubLayersMinus1 = (int)reader.ReadBits(3);
        var temporalIdNesting = reader.ReadFlag();
        var ptl = ReadProfileTierLevel(ref reader, maxSubLayersMinus1);
        var spsId = reader.ReadUe();
        if (spsId > 15) CodecThrow.Invalid($"sps_seq_parameter_set_id {spsId} is out of range 0..15.");
        var chromaFormatIdc = reader.ReadUe();
        if (chromaFormatIdc > 3) CodecThrow.Invalid($"chroma_format_idc {chromaFormatIdc} is out of range 0..3.");
        var separateColourPlane = chromaFormatIdc == 3 && reader.ReadFlag();
        var width = reader.ReadUe();
        var height = reader.ReadUe();
        uint confLeft = 0, confRight = 0, confTop = 0, confBottom = 0;
        if (reader.ReadFlag()) // conformance_window_flag
        {
            confLeft = reader.ReadUe();
            confRight = reader.ReadUe();
            confTop = reader.ReadUe();
            confBottom = reader.ReadUe();
        }
        var bitDepthLumaMinus8 = reader.ReadUe();
        var bitDepthChromaMinus8 = reader.ReadUe();
        if (reader.HasError) CodecThrow.Truncated("H.265 SPS");
        if (width == 0 || height == 0 || width > MaxDimension || height > MaxDimension)
        {
            CodecThrow.LimitExceeded($"H.265 picture size {width}x{height} is outside 1..{MaxDimension}.");
        }
        if (bitDepthLumaMinus8 > 8 || bitDepthChromaMinus8 > 8) CodecThrow.Invalid("H.265 bit_depth_minus8 is out of range 0..8.");

        // §7.4.3.2.1 conformance window offsets are in chroma units: SubWidthC/SubHeightC of Table 6-1.
        var chromaArrayType = separateColourPlane ? 0u : chromaFormatIdc;
        var subWidthC = chromaArrayType is 1 or 2 ? 2u : 1u;
        var subHeightC = chromaArrayType == 1 ? 2u : 1u;
        var cropX = (ulong)subWidthC * ((ulong)confLeft + confRight);
        var cropY = (ulong)subHeightC * ((ulong)confTop + confBottom);
        if (cropX >= width || cropY >= height) CodecThrow.Invalid("H.265 conformance window removes the whole picture.");

        var frameRate = ReadFrameRate(ref reader, maxSubLayersMinus1);

        return new H265SequenceParameterSet
        {
            ProfileTierLevel = ptl,
            MaxSubLayers = maxSubLayersMinus1 + 1,
            TemporalIdNesting = temporalIdNesting,
            SeqParameterSetId = (int)spsId,
            ChromaFormatIdc = (int)chromaFormatIdc,
            BitDepthLuma = (int)bitDepthLumaMinus8 + 8,
            BitDepthChroma = (int)bitDepthChromaMinus8 + 8,
            Width = (int)(width - cropX),
            Height = (int)(height - cropY),
            FrameRate = frameRate,
        };
    }

    // §7.3.3 profile_tier_level(1, sps_max_sub_layers_minus1)
    internal static H265ProfileTierLevel ReadProfileTierLevel(ref BitReader reader, int maxSubLayersMinus1)
    {
        var profileSpace = (int)reader.ReadBits(2);
        var tier = reader.ReadFlag();
        var profileIdc = (int)reader.ReadBits(5);
        var compatibility = reader.ReadBits(32);
        // progressive, interlaced, non_packed, frame_only + 43 reserved/constraint bits + inbld/reserved bit = 48 bits
        var constraints = reader.ReadBits64(48);
        var levelIdc = (int)reader.ReadBits(8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = reader.ReadFlag();
            levelPresent[i] = reader.ReadFlag();
        }
        if (maxSubLayersMinus1 > 0)
        {
            reader.Skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i]) reader.Skip(88);
            if (levelPresent[i]) reader.Skip(8);
        }
        return new H265ProfileTierLevel(profileSpace, tier, profileIdc, compatibility, constraints, levelIdc);
    }

    // Walks the rest of the SPS up to vui_parameters() and its timing info. Returns 0 when the SPS
    // ends early or uses syntax past this point we do not follow: the frame rate is a nicety, the size
    // above is what callers depend on.
    private static double ReadFrameRate(ref BitReader reader, int maxSubLayersMinus1)
    {
        var log2MaxPocLsb = (int)reader.ReadUe() + 4;
        var subLayerOrderingInfo = reader.ReadFlag();
        for (var i = subLayerOrderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++)
        {
            reader.ReadUe(); // sps_max_dec_pic_buffering_minus1
            reader.ReadUe(); // sps_max_num_reorder_pics
            reader.ReadUe(); // sps_max_latency_increase_plus1
        }
        reader.ReadUe(); // log2_min_luma_coding_block_size_minus3
        reader.ReadUe(); // log2_diff_max_min_luma_coding_block_size
        reader.ReadUe(); // log2_min_luma_transform_block_size_minus2
        reader.ReadUe(); // log2_diff_max_min_luma_transform_block_size
        reader.ReadUe(); // max_transform_hierarchy_depth_inter
        reader.ReadUe(); // max_transform_hierarchy_depth_intra
        if (reader.ReadFlag() && reader.ReadFlag()) // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
        {
            SkipScalingListData(ref reader);
        }
        reader.ReadFlag(); // amp_enabled_flag
        reader.ReadFlag(); // sample_adaptive_offset_enabled_flag
        if (reader.ReadFlag()) // pcm_enabled_flag
        {
            reader.Skip(8); // pcm_sample_bit_depth_luma_minus1 u(4), pcm_sample_bit_depth_chroma_minus1 u(4)
            reader.ReadUe();
            reader.ReadUe();
            reader.ReadFlag(); // pcm_loop_filter_disabled_flag
        }
        var numShortTermRefPicSets = reader.ReadUe();
        if (reader.HasError || numShortTermRefPicSets > MaxShortTermRefPicSets) return 0;
        Span<int> numDeltaPocs = stackalloc int[MaxShortTermRefPicSets + 1];
        for (var i = 0; i < (int)numShortTermRefPicSets; i++)
        {
            if (!TrySkipShortTermRefPicSet(ref reader, i, numDeltaPocs)) return 0;
        }
        if (reader.ReadFlag()) // long_term_ref_pics_present_flag
        {
            var count = reader.ReadUe();
            if (reader.HasError || count > MaxLongTermRefPicsSps) return 0;
            for (var i = 0; i < count; i++) reader.Skip(log2MaxPocLsb + 1); // lt_ref_pic_poc_lsb_sps u(v), used_by_curr_pic_lt_sps_flag
        }
        reader.ReadFlag(); // sps_temporal_mvp_enabled_flag
        reader.ReadFlag(); // strong_intra_smoothing_enabled_flag
        if (!reader.ReadFlag()) return 0; // vui_parameters_present_flag

        // Annex E.2.1 vui_parameters()
        if (reader.ReadFlag() && reader.ReadBits(8) == 255) reader.Skip(32); // aspect ratio, Extended_SAR
        if (reader.ReadFlag()) reader.ReadFlag(); // overscan
        if (reader.ReadFlag()) // video_signal_type_present_flag
        {
            reader.Skip(4);
            if (reader.ReadFlag()) reader.Skip(24);
        }
        if (reader.ReadFlag()) // chroma_loc_info_present_flag
        {
            reader.ReadUe();
            reader.ReadUe();
        }
        reader.Skip(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
        if (reader.ReadFlag()) // default_display_window_flag
        {
            reader.ReadUe();
            reader.ReadUe();
            reader.ReadUe();
            reader.ReadUe();
        }
        if (!reader.ReadFlag()) return 0; // vui_timing_info_present_flag
        var numUnitsInTick = reader.ReadBits(32);
        var timeScale = reader.ReadBits(32);
        if (reader.HasError || numUnitsInTick == 0 || timeScale == 0) return 0;
        return (double)timeScale / numUnitsInTick;
    }

    // §7.3.4 scaling_list_data()
    private static void SkipScalingListData(ref BitReader reader)
    {
        for (var sizeId = 0; sizeId < 4; sizeId++)
        {
            for (var matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1)
            {
                if (!reader.ReadFlag()) // scaling_list_pred_mode_flag
                {
                    reader.ReadUe(); // scaling_list_pred_matrix_id_delta
                    continue;
                }
                var coefNum = Math.Min(64, 1 << (4 + (sizeId << 1)));
                if (sizeId > 1) reader.ReadSe(); // scaling_list_dc_coef_minus8
                for (var i = 0; i < coefNum; i++) reader.ReadSe(); // scaling_list_delta_coef
                if (reader.HasError) return;
            }
        }
    }

    // §7.3.7 st_ref_pic_set(stRpsIdx) as it appears in the SPS (stRpsIdx < num_short_term_ref_pic_sets,
    // so delta_idx_minus1 is absent and RefRpsIdx = stRpsIdx - 1). NumDeltaPocs per §7.4.8.
    private static bool TrySkipShortTermRefPicSet(ref BitReader reader, int index, scoped Span<int> numDeltaPocs)
    {
        var interPrediction = index != 0 && reader.ReadFlag();
        if (interPrediction)
        {
            reader.ReadFlag(); // delta_rps_sign
            reader.ReadUe(); // abs_delta_rps_minus1
            var refCount = numDeltaPocs[index - 1];
            var count = 0;
            for (var j = 0; j <= refCount; j++)
            {
                var usedByCurrPic = reader.ReadFlag();
                var useDelta = usedByCurrPic || reader.ReadFlag();
                if (useDelta) count++;
            }
            numDeltaPocs[index] = count;
        }
        else
        {
            var negative = reader.ReadUe();
            var positive = reader.ReadUe();
            if (reader.HasError || negative + (ulong)positive > MaxDeltaPocs) return false;
            for (var i = 0; i < negative + positive; i++)
            {
                reader.ReadUe(); // delta_poc_s0/s1_minus1
                reader.ReadFlag(); // used_by_curr_pic_s0/s1_flag
            }
            numDeltaPocs[index] = (int)(negative + positive);
        }
        return !reader.HasError && numDeltaPocs[index] <= MaxDeltaPocs;
    }
}
