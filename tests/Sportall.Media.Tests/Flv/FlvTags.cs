using System.Buffers.Binary;
using Sportall.Media.Codecs.H264;
using Sportall.Media.Codecs.H265;
using Sportall.Media.Tests.Codecs;

namespace Sportall.Media.Tests.Flv;

/// <summary>FLV tag bodies as an RTMP publisher sends them.</summary>
internal static class FlvTags
{
    public static readonly byte[] AvcC720 = AvcDecoderConfigurationRecord.FromParameterSets([AvcDecoderConfigurationRecordTests.Sps720], [AvcDecoderConfigurationRecordTests.Pps720]).ToArray();
    public static readonly byte[] AvcCBaseline = AvcDecoderConfigurationRecord.FromParameterSets([AvcDecoderConfigurationRecordTests.SpsBaseline], [AvcDecoderConfigurationRecordTests.PpsBaseline]).ToArray();
    public static readonly byte[] HvcC1080 = HevcDecoderConfigurationRecord.FromParameterSets([H265Tests.Vps1080], [H265Tests.Sps1080], [H265Tests.Pps1080]).ToArray();
    public static readonly byte[] Asc48kStereo = [0x11, 0x90];
    public static readonly byte[] Asc44kMono = [0x12, 0x08];

    public static byte[] AvcSequenceHeader(byte[] avcC) => [0x17, 0, 0, 0, 0, .. avcC];

    /// <summary>A legacy AVC NALU tag: one NAL unit of <paramref name="nalSize"/> bytes, 4-byte length prefix.</summary>
    public static byte[] AvcFrame(bool keyframe, int compositionTimeMs, int nalSize = 16, byte fill = 0x41)
    {
        var body = new byte[5 + 4 + nalSize];
        body[0] = (byte)(keyframe ? 0x17 : 0x27);
        body[1] = 1;
        WriteSi24(body.AsSpan(2), compositionTimeMs);
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(5), nalSize);
        body.AsSpan(9).Fill(fill);
        body[9] = (byte)(keyframe ? 0x65 : 0x41);
        return body;
    }

    public static byte[] AacSequenceHeader(byte[] asc) => [0xAF, 0, .. asc];

    public static byte[] AacFrame(int size = 8, byte fill = 0x21)
    {
        var body = new byte[2 + size];
        body[0] = 0xAF;
        body[1] = 1;
        body.AsSpan(2).Fill(fill);
        return body;
    }

    /// <summary>An Enhanced RTMP video tag: IsExHeader | FrameType | PacketType, FourCC, rest.</summary>
    public static byte[] ExVideo(int frameType, int packetType, string fourCc, ReadOnlySpan<byte> rest)
    {
        var body = new byte[5 + rest.Length];
        body[0] = (byte)(0x80 | (frameType << 4) | packetType);
        for (var i = 0; i < 4; i++) body[1 + i] = (byte)fourCc[i];
        rest.CopyTo(body.AsSpan(5));
        return body;
    }

    public static byte[] LengthPrefixed(int nalSize, byte first)
    {
        var nal = new byte[4 + nalSize];
        BinaryPrimitives.WriteInt32BigEndian(nal, nalSize);
        nal[4] = first;
        return nal;
    }

    public static void WriteSi24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
