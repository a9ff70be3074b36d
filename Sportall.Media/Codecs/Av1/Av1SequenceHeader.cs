using Sportall.Media.Bits;

namespace Sportall.Media.Codecs.Av1;

/// <summary>
/// The leading fields of an AV1 sequence_header_obu() (AV1 Bitstream Specification §5.5): profile,
/// the first operating point's level and tier, and the maximum frame size.
/// </summary>
public sealed record Av1SequenceHeader
{
    /// <summary>OBU_SEQUENCE_HEADER (AV1 §6.2.2, Table obu_type).</summary>
    internal const int ObuSequenceHeader = 1;

    public required int SeqProfile { get; init; }

    public required bool StillPicture { get; init; }

    public required int SeqLevelIdx0 { get; init; }

    public required bool SeqTier0 { get; init; }

    /// <summary>max_frame_width_minus_1 + 1.</summary>
    public required int MaxFrameWidth { get; init; }

    /// <summary>max_frame_height_minus_1 + 1.</summary>
    public required int MaxFrameHeight { get; init; }

    /// <summary>Finds the first sequence header OBU in a run of OBUs (low-overhead format, §5.2) and parses it; null when there is none.</summary>
    /// <exception cref="CodecFormatException">An OBU header or size is malformed, or the sequence header is truncated.</exception>
    public static Av1SequenceHeader? FindAndParse(ReadOnlySpan<byte> obus)
    {
        while (!obus.IsEmpty)
        {
            // obu_header(): forbidden(1) obu_type(4) obu_extension_flag(1) obu_has_size_field(1) reserved(1)
            var header = obus[0];
            if ((header & 0x80) != 0) CodecThrow.Invalid("AV1 obu_forbidden_bit is set.");
            var type = (header >> 3) & 0x0F;
            var headerSize = (header & 0x04) != 0 ? 2 : 1;
            if (obus.Length < headerSize) CodecThrow.Truncated("AV1 OBU header");
            int payloadSize;
            if ((header & 0x02) != 0)
            {
                var sizeBytes = ReadLeb128(obus[headerSize..], out var size);
                headerSize += sizeBytes;
                if (size > (ulong)(obus.Length - headerSize)) CodecThrow.Truncated("AV1 OBU");
                payloadSize = (int)size;
            }
            else
            {
                payloadSize = obus.Length - headerSize;
            }
            var payload = obus.Slice(headerSize, payloadSize);
            if (type == ObuSequenceHeader) return Parse(payload);
            obus = obus[(headerSize + payloadSize)..];
        }
        return null;
    }

    /// <summary>Parses a sequence_header_obu() payload (after the OBU header and size).</summary>
    public static Av1SequenceHeader Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new BitReader(payload);
        var seqProfile = (int)reader.ReadBits(3);
        var stillPicture = reader.ReadFlag();
        var reducedStillPictureHeader = reader.ReadFlag();
        int levelIdx0;
        var tier0 = false;
        if (reducedStillPictureHeader)
        {
            levelIdx0 = (int)reader.ReadBits(5);
        }
        else
        {
            var decoderModelInfoPresent = false;
            var bufferDelayLength = 0;
            if (reader.ReadFlag()) // timing_info_present_flag
            {
                reader.Skip(64); // num_units_in_display_tick, time_scale
                if (reader.ReadFlag()) SkipUvlc(ref reader); // equal_picture_interval, num_ticks_per_picture_minus_1
                decoderModelInfoPresent = reader.ReadFlag();
                if (decoderModelInfoPresent)
                {
                    bufferDelayLength = (int)reader.ReadBits(5) + 1;
                    reader.Skip(32 + 5 + 5); // num_units_in_decoding_tick, buffer_removal_time_length_minus_1, frame_presentation_time_length_minus_1
                }
            }
            var initialDisplayDelayPresent = reader.ReadFlag();
            var operatingPoints = (int)reader.ReadBits(5) + 1;
            levelIdx0 = 0;
            for (var i = 0; i < operatingPoints; i++)
            {
                reader.Skip(12); // operating_point_idc
                var level = (int)reader.ReadBits(5);
                var tier = level > 7 && reader.ReadFlag();
                if (i == 0)
                {
                    levelIdx0 = level;
                    tier0 = tier;
                }
                if (decoderModelInfoPresent && reader.ReadFlag()) // decoder_model_present_for_this_op
                {
                    reader.Skip(2 * bufferDelayLength + 1); // decoder_buffer_delay, encoder_buffer_delay, low_delay_mode_flag
                }
                if (initialDisplayDelayPresent && reader.ReadFlag()) reader.Skip(4); // initial_display_delay_minus_1
            }
        }
        var widthBits = (int)reader.ReadBits(4) + 1;
        var heightBits = (int)reader.ReadBits(4) + 1;
        var width = reader.ReadBits(widthBits) + 1;
        var height = reader.ReadBits(heightBits) + 1;
        if (reader.HasError) CodecThrow.Truncated("AV1 sequence header");
        return new Av1SequenceHeader
        {
            SeqProfile = seqProfile,
            StillPicture = stillPicture,
            SeqLevelIdx0 = levelIdx0,
            SeqTier0 = tier0,
            MaxFrameWidth = (int)width,
            MaxFrameHeight = (int)height,
        };
    }

    // §4.10.3 uvlc()
    private static void SkipUvlc(ref BitReader reader)
    {
        var leadingZeros = 0;
        while (reader.ReadBit() == 0 && !reader.Overrun) leadingZeros++;
        if (leadingZeros < 32) reader.Skip(leadingZeros);
    }

    // §4.10.5 leb128(): at most 8 bytes, the value must fit 32 bits in a conforming stream.
    internal static int ReadLeb128(ReadOnlySpan<byte> data, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 8; i++)
        {
            if (i >= data.Length) CodecThrow.Truncated("AV1 leb128");
            value |= (ulong)(data[i] & 0x7F) << (7 * i);
            if ((data[i] & 0x80) == 0) return i + 1;
        }
        CodecThrow.Invalid("AV1 leb128 is longer than 8 bytes.");
        return 0;
    }
}
