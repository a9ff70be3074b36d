namespace Sportall.Media.Codecs.Av1;

/// <summary>
/// AV1CodecConfigurationRecord (AV1 Codec ISOBMFF Binding §2.3), the <c>av1C</c> box body and the
/// body of an Enhanced RTMP <c>av01</c> SequenceStart.
/// </summary>
/// <remarks>
/// <code>
/// byte 0   marker(1)=1 version(7)=1
/// byte 1   seq_profile(3) seq_level_idx_0(5)
/// byte 2   seq_tier_0(1) high_bitdepth(1) twelve_bit(1) monochrome(1)
///          chroma_subsampling_x(1) chroma_subsampling_y(1) chroma_sample_position(2)
/// byte 3   reserved(3) initial_presentation_delay_present(1) initial_presentation_delay_minus_one(4)
/// bytes 4… configOBUs (a sequence header OBU, optionally metadata OBUs)
/// </code>
/// </remarks>
public sealed record Av1CodecConfigurationRecord
{
    private const int FixedHeaderSize = 4;

    public required int SeqProfile { get; init; }

    public required int SeqLevelIdx0 { get; init; }

    public required bool SeqTier0 { get; init; }

    public required bool HighBitdepth { get; init; }

    public required bool TwelveBit { get; init; }

    public required bool Monochrome { get; init; }

    public required bool ChromaSubsamplingX { get; init; }

    public required bool ChromaSubsamplingY { get; init; }

    public required int ChromaSamplePosition { get; init; }

    /// <summary>The sequence header from configOBUs, or null when the record carries none.</summary>
    public required Av1SequenceHeader? SequenceHeader { get; init; }

    /// <summary>8, 10 or 12 (AV1 §6.4.2 color_config semantics of high_bitdepth and twelve_bit).</summary>
    public int BitDepth => SeqProfile == 2 && HighBitdepth ? (TwelveBit ? 12 : 10) : (HighBitdepth ? 10 : 8);

    /// <summary>Width from the sequence header in configOBUs, 0 when absent.</summary>
    public int Width => SequenceHeader?.MaxFrameWidth ?? 0;

    public int Height => SequenceHeader?.MaxFrameHeight ?? 0;

    /// <summary>Codec string per the AV1 ISOBMFF binding's Codecs Parameter String: <c>av01.P.LLT.DD</c>.</summary>
    public string CodecString => $"av01.{SeqProfile}.{SeqLevelIdx0:D2}{(SeqTier0 ? 'H' : 'M')}.{BitDepth:D2}";

    /// <exception cref="CodecFormatException">The record is truncated, has a wrong marker/version, or its configOBUs are malformed.</exception>
    public static Av1CodecConfigurationRecord Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedHeaderSize) CodecThrow.Truncated("AV1CodecConfigurationRecord");
        // §2.3.4: marker "shall be set to 1"; version "shall be set to 1".
        if (data[0] != 0x81) CodecThrow.UnsupportedVersion($"AV1CodecConfigurationRecord marker/version byte 0x{data[0]:X2} is not 0x81.");
        return new Av1CodecConfigurationRecord
        {
            SeqProfile = data[1] >> 5,
            SeqLevelIdx0 = data[1] & 0x1F,
            SeqTier0 = (data[2] & 0x80) != 0,
            HighBitdepth = (data[2] & 0x40) != 0,
            TwelveBit = (data[2] & 0x20) != 0,
            Monochrome = (data[2] & 0x10) != 0,
            ChromaSubsamplingX = (data[2] & 0x08) != 0,
            ChromaSubsamplingY = (data[2] & 0x04) != 0,
            ChromaSamplePosition = data[2] & 0x03,
            SequenceHeader = Av1SequenceHeader.FindAndParse(data[FixedHeaderSize..]),
        };
    }
}
