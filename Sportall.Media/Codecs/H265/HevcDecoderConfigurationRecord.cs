using System.Buffers;
using System.Buffers.Binary;

namespace Sportall.Media.Codecs.H265;

/// <summary>
/// HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1), the <c>hvcC</c> box body and the body
/// of an Enhanced RTMP <c>hvc1</c> SequenceStart.
/// </summary>
/// <remarks>
/// <code>
/// byte  0      configurationVersion = 1
/// byte  1      general_profile_space(2) general_tier_flag(1) general_profile_idc(5)
/// bytes 2-5    general_profile_compatibility_flags(32)
/// bytes 6-11   general_constraint_indicator_flags(48)
/// byte  12     general_level_idc
/// bytes 13-14  1111 min_spatial_segmentation_idc(12)
/// byte  15     111111 parallelismType(2)
/// byte  16     111111 chromaFormat(2)
/// byte  17     11111 bitDepthLumaMinus8(3)
/// byte  18     11111 bitDepthChromaMinus8(3)
/// bytes 19-20  avgFrameRate(16)
/// byte  21     constantFrameRate(2) numTemporalLayers(3) temporalIdNested(1) lengthSizeMinusOne(2)
/// byte  22     numOfArrays
///              { array_completeness(1) 0(1) NAL_unit_type(6), numNalus(16), { nalUnitLength(16), nalUnit } }
/// </code>
/// </remarks>
public sealed class HevcDecoderConfigurationRecord
{
    private const int FixedHeaderSize = 23;

    /// <summary>NAL unit types (ISO/IEC 23008-2 Table 7-1) of the arrays an hvcC built from parameter sets holds.</summary>
    public const byte VpsNalUnitType = 32, SpsNalUnitType = 33, PpsNalUnitType = 34;

    public H265ProfileTierLevel ProfileTierLevel { get; init; }

    public int MinSpatialSegmentationIdc { get; init; }

    public int ParallelismType { get; init; }

    public int ChromaFormat { get; init; } = 1;

    public int BitDepthLumaMinus8 { get; init; }

    public int BitDepthChromaMinus8 { get; init; }

    /// <summary>Average frame rate in frames per 256 seconds; 0 = unspecified.</summary>
    public int AvgFrameRate { get; init; }

    public int ConstantFrameRate { get; init; }

    public int NumTemporalLayers { get; init; }

    public bool TemporalIdNested { get; init; }

    /// <summary>Bytes in each NAL unit length prefix: 1, 2 or 4.</summary>
    public int NalLengthSize { get; init; } = 4;

    public IReadOnlyList<HevcParameterSetArray> Arrays { get; init; } = [];

    /// <summary>RFC 6381 codec string (sample entry <c>hvc1</c>) from the record's profile, tier, level and constraint fields.</summary>
    public string CodecString => ProfileTierLevel.ToCodecString();

    /// <summary>The first NAL unit of the given type, or null.</summary>
    public byte[]? FindFirst(byte nalUnitType)
    {
        foreach (var array in Arrays)
        {
            if (array.NalUnitType == nalUnitType && array.NalUnits.Count > 0) return array.NalUnits[0];
        }
        return null;
    }

    /// <exception cref="CodecFormatException">The record is truncated, of an unknown version or inconsistent.</exception>
    public static HevcDecoderConfigurationRecord Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedHeaderSize) CodecThrow.Truncated("HEVCDecoderConfigurationRecord");
        // Version 0 was written by encoders built on drafts of 14496-15 (early x265 muxers); its layout is the same.
        if (data[0] > 1) CodecThrow.UnsupportedVersion($"HEVCDecoderConfigurationRecord configurationVersion {data[0]} is not 1.");
        var lengthSizeMinusOne = data[21] & 0x03;
        if (lengthSizeMinusOne == 2) CodecThrow.Invalid("HEVCDecoderConfigurationRecord lengthSizeMinusOne 2 is not allowed.");
        var ptl = new H265ProfileTierLevel(
            data[1] >> 6,
            (data[1] & 0x20) != 0,
            data[1] & 0x1F,
            BinaryPrimitives.ReadUInt32BigEndian(data[2..]),
            ((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[6..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            data[12]);

        var arrayCount = data[22];
        var arrays = new HevcParameterSetArray[arrayCount];
        var offset = FixedHeaderSize;
        for (var a = 0; a < arrayCount; a++)
        {
            if (data.Length - offset < 3) CodecThrow.Truncated("HEVCDecoderConfigurationRecord");
            var header = data[offset];
            var count = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 1)..]);
            offset += 3;
            // Each NAL unit needs at least its 2-byte length: reject a count the remaining bytes cannot hold before allocating.
            if (count > (data.Length - offset) / 2) CodecThrow.Truncated("HEVCDecoderConfigurationRecord");
            var units = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                if (data.Length - offset < 2) CodecThrow.Truncated("HEVCDecoderConfigurationRecord");
                var length = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
                offset += 2;
                if (data.Length - offset < length) CodecThrow.Truncated("HEVCDecoderConfigurationRecord");
                units[i] = data.Slice(offset, length).ToArray();
                offset += length;
            }
            arrays[a] = new HevcParameterSetArray((header & 0x80) != 0, (byte)(header & 0x3F), units);
        }

        return new HevcDecoderConfigurationRecord
        {
            ProfileTierLevel = ptl,
            MinSpatialSegmentationIdc = BinaryPrimitives.ReadUInt16BigEndian(data[13..]) & 0x0FFF,
            ParallelismType = data[15] & 0x03,
            ChromaFormat = data[16] & 0x03,
            BitDepthLumaMinus8 = data[17] & 0x07,
            BitDepthChromaMinus8 = data[18] & 0x07,
            AvgFrameRate = BinaryPrimitives.ReadUInt16BigEndian(data[19..]),
            ConstantFrameRate = data[21] >> 6,
            NumTemporalLayers = (data[21] >> 3) & 0x07,
            TemporalIdNested = (data[21] & 0x04) != 0,
            NalLengthSize = lengthSizeMinusOne + 1,
            Arrays = arrays,
        };
    }

    /// <summary>
    /// Builds an hvcC from VPS, SPS and PPS NAL units seen in a byte stream (MPEG-TS over SRT):
    /// profile, tier, level, chroma format, bit depths and temporal layering come from the first SPS.
    /// </summary>
    /// <exception cref="CodecFormatException">A list is empty or the first SPS does not parse.</exception>
    public static HevcDecoderConfigurationRecord FromParameterSets(IReadOnlyList<byte[]> videoParameterSets, IReadOnlyList<byte[]> sequenceParameterSets, IReadOnlyList<byte[]> pictureParameterSets, int nalLengthSize = 4)
    {
        if (videoParameterSets.Count == 0 || sequenceParameterSets.Count == 0 || pictureParameterSets.Count == 0)
        {
            CodecThrow.Invalid("An hvcC needs at least one VPS, SPS and PPS.");
        }
        var sps = H265SequenceParameterSet.Parse(sequenceParameterSets[0]);
        return new HevcDecoderConfigurationRecord
        {
            ProfileTierLevel = sps.ProfileTierLevel,
            ChromaFormat = sps.ChromaFormatIdc,
            BitDepthLumaMinus8 = sps.BitDepthLuma - 8,
            BitDepthChromaMinus8 = sps.BitDepthChroma - 8,
            NumTemporalLayers = sps.MaxSubLayers,
            TemporalIdNested = sps.TemporalIdNesting,
            NalLengthSize = nalLengthSize,
            Arrays =
            [
                new HevcParameterSetArray(true, VpsNalUnitType, videoParameterSets),
                new HevcParameterSetArray(true, SpsNalUnitType, sequenceParameterSets),
                new HevcParameterSetArray(true, PpsNalUnitType, pictureParameterSets),
            ],
        };
    }

    public int ComputeSize()
    {
        var size = FixedHeaderSize;
        foreach (var array in Arrays)
        {
            size += 3;
            foreach (var unit in array.NalUnits)
            {
                if (unit.Length > ushort.MaxValue) CodecThrow.Invalid($"A NAL unit of {unit.Length} bytes does not fit a 16-bit length.");
                size += 2 + unit.Length;
            }
        }
        return size;
    }

    /// <exception cref="CodecFormatException">A count, a NAL unit size or the length size is out of what the record can express.</exception>
    public void Write(IBufferWriter<byte> writer)
    {
        if (NalLengthSize is not (1 or 2 or 4)) CodecThrow.Invalid($"NAL length size {NalLengthSize} is not 1, 2 or 4.");
        if (Arrays.Count > 255) CodecThrow.LimitExceeded("An hvcC holds at most 255 arrays.");
        var size = ComputeSize();
        var span = writer.GetSpan(size)[..size];
        var ptl = ProfileTierLevel;
        span[0] = 1;
        span[1] = (byte)((ptl.ProfileSpace << 6) | (ptl.HighTier ? 0x20 : 0) | (ptl.ProfileIdc & 0x1F));
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], ptl.CompatibilityFlags);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(ptl.ConstraintIndicatorFlags >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], (uint)ptl.ConstraintIndicatorFlags);
        span[12] = (byte)ptl.LevelIdc;
        BinaryPrimitives.WriteUInt16BigEndian(span[13..], (ushort)(0xF000 | (MinSpatialSegmentationIdc & 0x0FFF)));
        span[15] = (byte)(0xFC | (ParallelismType & 0x03));
        span[16] = (byte)(0xFC | (ChromaFormat & 0x03));
        span[17] = (byte)(0xF8 | (BitDepthLumaMinus8 & 0x07));
        span[18] = (byte)(0xF8 | (BitDepthChromaMinus8 & 0x07));
        BinaryPrimitives.WriteUInt16BigEndian(span[19..], (ushort)AvgFrameRate);
        span[21] = (byte)(((ConstantFrameRate & 0x03) << 6) | ((NumTemporalLayers & 0x07) << 3) | (TemporalIdNested ? 0x04 : 0) | (NalLengthSize - 1));
        span[22] = (byte)Arrays.Count;
        var offset = FixedHeaderSize;
        foreach (var array in Arrays)
        {
            if (array.NalUnits.Count > ushort.MaxValue) CodecThrow.LimitExceeded("An hvcC array holds at most 65535 NAL units.");
            span[offset] = (byte)((array.ArrayCompleteness ? 0x80 : 0) | (array.NalUnitType & 0x3F));
            BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 1)..], (ushort)array.NalUnits.Count);
            offset += 3;
            foreach (var unit in array.NalUnits)
            {
                BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)unit.Length);
                unit.CopyTo(span[(offset + 2)..]);
                offset += 2 + unit.Length;
            }
        }
        writer.Advance(size);
    }

    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(ComputeSize());
        Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
