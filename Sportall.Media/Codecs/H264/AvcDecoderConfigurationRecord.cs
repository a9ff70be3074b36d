using System.Buffers;
using System.Buffers.Binary;

namespace Sportall.Media.Codecs.H264;

/// <summary>
/// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1), the <c>avcC</c> box body and the body
/// of an FLV/RTMP AVC sequence header.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
/// +---------------+---------------+---------------+---------------+
/// | version = 1   | AVCProfile    | profile_compat| AVCLevel      |
/// +-----------+---+-----+---------+---------------+---------------+
/// | 111111    |len-1| 111 | numSPS  | SPS length (16) | SPS ...     (numSPS times)
/// +-----------+---+-----+---------+
/// | numPPS (8)    | PPS length (16) | PPS ...                     (numPPS times)
/// +---------------+
/// | 111111 chroma | 11111 luma-8 | 11111 chroma-8 | numSPSExt | … (High profiles only, §5.3.3.1.2)
/// </code>
/// Encoders often omit the High-profile extension (ffmpeg before 6.0, OBS): its absence is accepted.
/// </remarks>
public sealed class AvcDecoderConfigurationRecord
{
    private const int FixedHeaderSize = 6;

    public byte ProfileIndication { get; init; }

    public byte ProfileCompatibility { get; init; }

    public byte LevelIndication { get; init; }

    /// <summary>Bytes in each NAL unit length prefix: 1, 2 or 4 (lengthSizeMinusOne + 1).</summary>
    public int NalLengthSize { get; init; } = 4;

    public IReadOnlyList<byte[]> SequenceParameterSets { get; init; } = [];

    public IReadOnlyList<byte[]> PictureParameterSets { get; init; } = [];

    /// <summary>Whether the High-profile extension (chroma format, bit depths, SPS extensions) is present.</summary>
    public bool HasHighProfileExtension { get; init; }

    public int ChromaFormat { get; init; } = 1;

    public int BitDepthLumaMinus8 { get; init; }

    public int BitDepthChromaMinus8 { get; init; }

    public IReadOnlyList<byte[]> SequenceParameterSetExtensions { get; init; } = [];

    /// <summary>RFC 6381 codec string from the record's profile, compatibility and level bytes.</summary>
    public string CodecString => H264SequenceParameterSet.FormatCodecString(ProfileIndication, ProfileCompatibility, LevelIndication);

    /// <exception cref="CodecFormatException">The record is truncated, of an unknown version or inconsistent.</exception>
    public static AvcDecoderConfigurationRecord Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedHeaderSize) CodecThrow.Truncated("AVCDecoderConfigurationRecord");
        if (data[0] != 1) CodecThrow.UnsupportedVersion($"AVCDecoderConfigurationRecord configurationVersion {data[0]} is not 1.");
        var lengthSizeMinusOne = data[4] & 0x03;
        // §5.3.3.1.2: lengthSizeMinusOne "The value of this field shall be one of 0, 1, or 3".
        if (lengthSizeMinusOne == 2) CodecThrow.Invalid("AVCDecoderConfigurationRecord lengthSizeMinusOne 2 is not allowed.");
        var offset = FixedHeaderSize;
        var sps = ReadParameterSets(data, ref offset, data[5] & 0x1F);
        if (offset >= data.Length) CodecThrow.Truncated("AVCDecoderConfigurationRecord");
        var ppsCount = data[offset++];
        var pps = ReadParameterSets(data, ref offset, ppsCount);

        var hasExtension = false;
        int chromaFormat = 1, lumaMinus8 = 0, chromaMinus8 = 0;
        IReadOnlyList<byte[]> spsExt = [];
        if (H264SequenceParameterSet.HasChromaInfo(data[1]) && data.Length - offset >= 4)
        {
            hasExtension = true;
            chromaFormat = data[offset] & 0x03;
            lumaMinus8 = data[offset + 1] & 0x07;
            chromaMinus8 = data[offset + 2] & 0x07;
            var extCount = data[offset + 3];
            offset += 4;
            spsExt = ReadParameterSets(data, ref offset, extCount);
        }

        return new AvcDecoderConfigurationRecord
        {
            ProfileIndication = data[1],
            ProfileCompatibility = data[2],
            LevelIndication = data[3],
            NalLengthSize = lengthSizeMinusOne + 1,
            SequenceParameterSets = sps,
            PictureParameterSets = pps,
            HasHighProfileExtension = hasExtension,
            ChromaFormat = chromaFormat,
            BitDepthLumaMinus8 = lumaMinus8,
            BitDepthChromaMinus8 = chromaMinus8,
            SequenceParameterSetExtensions = spsExt,
        };
    }

    /// <summary>
    /// Builds the record an MP4 sample entry needs from SPS and PPS NAL units seen in a byte stream
    /// (MPEG-TS over SRT carries parameter sets in-band): profile and level come from the first SPS.
    /// </summary>
    /// <exception cref="CodecFormatException">No SPS or PPS was given, or the first SPS does not parse.</exception>
    public static AvcDecoderConfigurationRecord FromParameterSets(IReadOnlyList<byte[]> sequenceParameterSets, IReadOnlyList<byte[]> pictureParameterSets, int nalLengthSize = 4)
    {
        if (sequenceParameterSets.Count == 0 || pictureParameterSets.Count == 0) CodecThrow.Invalid("An avcC needs at least one SPS and one PPS.");
        if (sequenceParameterSets.Count > 31) CodecThrow.LimitExceeded("An avcC holds at most 31 SPS (numOfSequenceParameterSets is 5 bits).");
        if (pictureParameterSets.Count > 255) CodecThrow.LimitExceeded("An avcC holds at most 255 PPS.");
        var sps = H264SequenceParameterSet.Parse(sequenceParameterSets[0]);
        var hasExtension = H264SequenceParameterSet.HasChromaInfo(sps.ProfileIdc);
        return new AvcDecoderConfigurationRecord
        {
            ProfileIndication = sps.ProfileIdc,
            ProfileCompatibility = sps.ConstraintFlags,
            LevelIndication = sps.LevelIdc,
            NalLengthSize = nalLengthSize,
            SequenceParameterSets = sequenceParameterSets,
            PictureParameterSets = pictureParameterSets,
            HasHighProfileExtension = hasExtension,
            ChromaFormat = sps.ChromaFormatIdc,
            BitDepthLumaMinus8 = sps.BitDepthLuma - 8,
            BitDepthChromaMinus8 = sps.BitDepthChroma - 8,
        };
    }

    public int ComputeSize()
    {
        var size = FixedHeaderSize + 1 + ListSize(SequenceParameterSets) + ListSize(PictureParameterSets);
        if (HasHighProfileExtension) size += 4 + ListSize(SequenceParameterSetExtensions);
        return size;
    }

    /// <exception cref="CodecFormatException">A count, a NAL unit size or the length size is out of what the record can express.</exception>
    public void Write(IBufferWriter<byte> writer)
    {
        if (NalLengthSize is not (1 or 2 or 4)) CodecThrow.Invalid($"NAL length size {NalLengthSize} is not 1, 2 or 4.");
        if (SequenceParameterSets.Count > 31 || PictureParameterSets.Count > 255 || SequenceParameterSetExtensions.Count > 255)
        {
            CodecThrow.LimitExceeded("Too many parameter sets for an AVCDecoderConfigurationRecord.");
        }
        var size = ComputeSize();
        var span = writer.GetSpan(size)[..size];
        span[0] = 1;
        span[1] = ProfileIndication;
        span[2] = ProfileCompatibility;
        span[3] = LevelIndication;
        span[4] = (byte)(0xFC | (NalLengthSize - 1));
        span[5] = (byte)(0xE0 | SequenceParameterSets.Count);
        var offset = FixedHeaderSize;
        WriteList(span, ref offset, SequenceParameterSets);
        span[offset++] = (byte)PictureParameterSets.Count;
        WriteList(span, ref offset, PictureParameterSets);
        if (HasHighProfileExtension)
        {
            span[offset++] = (byte)(0xFC | (ChromaFormat & 0x03));
            span[offset++] = (byte)(0xF8 | (BitDepthLumaMinus8 & 0x07));
            span[offset++] = (byte)(0xF8 | (BitDepthChromaMinus8 & 0x07));
            span[offset++] = (byte)SequenceParameterSetExtensions.Count;
            WriteList(span, ref offset, SequenceParameterSetExtensions);
        }
        writer.Advance(size);
    }

    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(ComputeSize());
        Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[][] ReadParameterSets(ReadOnlySpan<byte> data, ref int offset, int count)
    {
        var sets = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (data.Length - offset < 2) CodecThrow.Truncated("AVCDecoderConfigurationRecord");
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            offset += 2;
            if (length == 0) CodecThrow.Invalid("AVCDecoderConfigurationRecord holds an empty parameter set.");
            if (data.Length - offset < length) CodecThrow.Truncated("AVCDecoderConfigurationRecord");
            sets[i] = data.Slice(offset, length).ToArray();
            offset += length;
        }
        return sets;
    }

    private static int ListSize(IReadOnlyList<byte[]> sets)
    {
        var size = 0;
        for (var i = 0; i < sets.Count; i++)
        {
            if (sets[i].Length is 0 or > ushort.MaxValue) CodecThrow.Invalid($"A parameter set of {sets[i].Length} bytes does not fit a 16-bit length.");
            size += 2 + sets[i].Length;
        }
        return size;
    }

    private static void WriteList(Span<byte> span, ref int offset, IReadOnlyList<byte[]> sets)
    {
        for (var i = 0; i < sets.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)sets[i].Length);
            offset += 2;
            sets[i].CopyTo(span[offset..]);
            offset += sets[i].Length;
        }
    }
}
