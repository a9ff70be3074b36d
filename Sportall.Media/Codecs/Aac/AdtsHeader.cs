using System.Buffers;

namespace Sportall.Media.Codecs.Aac;

/// <summary>
/// An ADTS frame header (ISO/IEC 14496-3 §1.A.2.2.1, adts_fixed_header + adts_variable_header),
/// as AAC arrives in MPEG-TS.
/// </summary>
/// <remarks>
/// <code>
/// syncword 0xFFF (12) | ID (1) | layer 00 (2) | protection_absent (1)
/// profile (2) | sampling_frequency_index (4) | private_bit (1) | channel_configuration (3)
/// original_copy (1) | home (1) | copyright_id_bit (1) | copyright_id_start (1)
/// aac_frame_length (13, header included) | adts_buffer_fullness (11) | number_of_raw_data_blocks_in_frame (2)
/// [crc_check (16) when protection_absent = 0]
/// </code>
/// </remarks>
public readonly record struct AdtsHeader(
    bool ProtectionAbsent,
    int AudioObjectType,
    int SamplingFrequencyIndex,
    int ChannelConfiguration,
    int FrameLength,
    int BufferFullness,
    int RawDataBlocks)
{
    public const int SizeWithoutCrc = 7;
    public const int SizeWithCrc = 9;

    /// <summary>7, or 9 with the CRC.</summary>
    public int HeaderLength => ProtectionAbsent ? SizeWithoutCrc : SizeWithCrc;

    /// <summary>Bytes of raw AAC data after the header.</summary>
    public int PayloadLength => FrameLength - HeaderLength;

    public int SamplingFrequency => AudioSpecificConfig.FrequencyOfIndex(SamplingFrequencyIndex);

    /// <summary>
    /// Reads a header; <c>false</c> (nothing consumed) while fewer than its 7 or 9 bytes are available.
    /// On success the reader is past the header, at the raw data block.
    /// </summary>
    /// <exception cref="CodecFormatException">No syncword, a non-zero layer, a reserved frequency index, or a frame length shorter than the header.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out AdtsHeader header)
    {
        header = default;
        Span<byte> bytes = stackalloc byte[SizeWithCrc];
        if (!reader.TryPeek(out var first)) return false;
        if (!reader.TryCopyTo(bytes[..SizeWithoutCrc])) return false;
        if (first != 0xFF || (bytes[1] & 0xF0) != 0xF0) CodecThrow.Invalid("ADTS syncword 0xFFF not found.");
        if ((bytes[1] & 0x06) != 0) CodecThrow.UnsupportedVersion("ADTS layer is not 0.");
        var protectionAbsent = (bytes[1] & 0x01) != 0;
        var headerLength = protectionAbsent ? SizeWithoutCrc : SizeWithCrc;
        if (!protectionAbsent && !reader.TryCopyTo(bytes)) return false;
        var index = (bytes[2] >> 2) & 0x0F;
        if (index >= 13) CodecThrow.Invalid($"ADTS sampling_frequency_index {index} is reserved.");
        var frameLength = ((bytes[3] & 0x03) << 11) | (bytes[4] << 3) | (bytes[5] >> 5);
        if (frameLength < headerLength) CodecThrow.Invalid($"ADTS aac_frame_length {frameLength} is shorter than its header.");
        header = new AdtsHeader(
            protectionAbsent,
            (bytes[2] >> 6) + 1,
            index,
            ((bytes[2] & 0x01) << 2) | (bytes[3] >> 6),
            frameLength,
            ((bytes[5] & 0x1F) << 6) | (bytes[6] >> 2),
            bytes[6] & 0x03);
        reader.Advance(headerLength);
        return true;
    }

    /// <summary>Writes the 7-byte form (protection_absent = 1; a header read with a CRC is written without it).</summary>
    public void Write(Span<byte> destination)
    {
        if (AudioObjectType is < 1 or > 4) CodecThrow.Invalid($"ADTS cannot carry audioObjectType {AudioObjectType} (profile is 2 bits).");
        var frameLength = ProtectionAbsent ? FrameLength : FrameLength - 2;
        if ((uint)frameLength > 0x1FFF) CodecThrow.Invalid($"ADTS aac_frame_length {frameLength} exceeds 13 bits.");
        destination[0] = 0xFF;
        destination[1] = 0xF1; // MPEG-4, layer 0, protection_absent
        destination[2] = (byte)(((AudioObjectType - 1) << 6) | (SamplingFrequencyIndex << 2) | (ChannelConfiguration >> 2));
        destination[3] = (byte)(((ChannelConfiguration & 0x03) << 6) | (frameLength >> 11));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 0x07) << 5) | ((BufferFullness >> 6) & 0x1F));
        destination[6] = (byte)(((BufferFullness & 0x3F) << 2) | (RawDataBlocks & 0x03));
    }
}
