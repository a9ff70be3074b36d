using System.Buffers;
using System.Buffers.Binary;

namespace Sportall.Media.Flv;

/// <summary>
/// Writes an FLV byte stream of legacy AVC video (FLV spec v10.1 Annex E), the way an encoder pushes it:
/// the file header, then tags each followed by its PreviousTagSize.
/// </summary>
/// <remarks>
/// <code>
/// FLV header (E.2)            'F' 'L' 'V' | Version=1 | 00000 A 0 V | DataOffset=9 (UI32) | PreviousTagSize0=0 (UI32)
/// tag (E.4.1)                 FlvTagHeader (11 bytes: type 9, DataSize, Timestamp+Ext = DTS ms, StreamID 0)
///   VideoTagHeader (E.4.3.1)  FrameType(4) CodecID(4)=7 | AVCPacketType (UI8) | CompositionTime (SI24, ms)
///   body                      AVCDecoderConfigurationRecord (packet type 0) or length-prefixed NAL units (type 1)
/// PreviousTagSize (E.3)       UI32 = 11 + DataSize
/// </code>
/// Sizes are known up front, so each call asks the writer for one span and fills it once.
/// </remarks>
public static class FlvTagWriter
{
    /// <summary>Bytes of the FLV header plus PreviousTagSize0.</summary>
    public const int FileHeaderSize = 9 + 4;

    // E.4.3.1: FrameType 1 = key frame, 2 = inter frame; CodecID 7 = AVC; AVCPacketType 0 = sequence header, 1 = NALU.
    private const int VideoTagHeaderSize = 5;
    private const byte FrameTypeKeyframe = 1, FrameTypeInterFrame = 2, CodecIdAvc = 7;
    private const byte AvcPacketTypeSequenceHeader = 0, AvcPacketTypeNalu = 1;

    // E.4.1: DataSize is UI24.
    private const int MaxDataSize = 0xFF_FFFF;

    // E.4.3.1: CompositionTime is SI24 (milliseconds).
    private const int MinCompositionTimeMs = -0x80_0000, MaxCompositionTimeMs = 0x7F_FFFF;

    /// <summary>Writes the FLV header (E.2) and PreviousTagSize0.</summary>
    public static void WriteFileHeader(IBufferWriter<byte> writer, bool hasAudio, bool hasVideo)
    {
        var span = writer.GetSpan(FileHeaderSize);
        span[0] = (byte)'F';
        span[1] = (byte)'L';
        span[2] = (byte)'V';
        span[3] = 1;
        span[4] = (byte)((hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], 9);
        BinaryPrimitives.WriteUInt32BigEndian(span[9..], 0);
        writer.Advance(FileHeaderSize);
    }

    /// <summary>Bytes one AVC video tag takes, PreviousTagSize included, for a body of <paramref name="bodyLength"/> bytes.</summary>
    public static int ComputeAvcTagSize(int bodyLength) => FlvTagHeader.Size + VideoTagHeaderSize + bodyLength + 4;

    /// <summary>Writes the AVC sequence header tag carrying <paramref name="avcDecoderConfigurationRecord"/> (avcC).</summary>
    public static void WriteAvcSequenceHeader(IBufferWriter<byte> writer, uint timestampMs, ReadOnlySpan<byte> avcDecoderConfigurationRecord) =>
        WriteAvcTag(writer, AvcPacketTypeSequenceHeader, FrameTypeKeyframe, timestampMs, 0, avcDecoderConfigurationRecord);

    /// <summary>
    /// Writes one AVC frame: <paramref name="nalUnits"/> are length-prefixed NAL units (an MP4 sample, as
    /// <see cref="Model.AccessUnit"/> carries them). FLV timestamps are the DTS in milliseconds; the
    /// presentation time is DTS + <paramref name="compositionTimeMs"/>.
    /// </summary>
    public static void WriteAvcFrame(IBufferWriter<byte> writer, uint dtsMs, int compositionTimeMs, bool isKeyframe, ReadOnlySpan<byte> nalUnits) =>
        WriteAvcTag(writer, AvcPacketTypeNalu, isKeyframe ? FrameTypeKeyframe : FrameTypeInterFrame, dtsMs, compositionTimeMs, nalUnits);

    private static void WriteAvcTag(IBufferWriter<byte> writer, byte packetType, byte frameType, uint timestampMs, int compositionTimeMs, ReadOnlySpan<byte> body)
    {
        var dataSize = VideoTagHeaderSize + body.Length;
        if (dataSize > MaxDataSize) ThrowBodyTooLarge(body.Length);
        if (compositionTimeMs is < MinCompositionTimeMs or > MaxCompositionTimeMs) ThrowCompositionTimeOutOfRange(compositionTimeMs);
        var size = ComputeAvcTagSize(body.Length);
        var span = writer.GetSpan(size);
        new FlvTagHeader(FlvTagType.Video, false, dataSize, timestampMs).Write(span);
        var tag = span[FlvTagHeader.Size..];
        tag[0] = (byte)((frameType << 4) | CodecIdAvc);
        tag[1] = packetType;
        tag[2] = (byte)(compositionTimeMs >> 16);
        tag[3] = (byte)(compositionTimeMs >> 8);
        tag[4] = (byte)compositionTimeMs;
        body.CopyTo(tag[VideoTagHeaderSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(FlvTagHeader.Size + dataSize)..], (uint)(FlvTagHeader.Size + dataSize));
        writer.Advance(size);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBodyTooLarge(int length) =>
        throw new ArgumentOutOfRangeException(nameof(length), length, $"An FLV tag body is at most {MaxDataSize - VideoTagHeaderSize} bytes (DataSize is UI24).");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowCompositionTimeOutOfRange(int ms) =>
        throw new ArgumentOutOfRangeException(nameof(ms), ms, "FLV CompositionTime is SI24 milliseconds.");
}
