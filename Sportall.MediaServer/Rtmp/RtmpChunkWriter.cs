using System.Buffers;
using Sportall.Media.Amf;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// Splits outgoing messages into chunks: a type 0 header on the first chunk, type 3 on the rest
/// (repeating the extended timestamp, as FFmpeg and librtmp expect). The total size is computed
/// first and the whole message is written into the destination once.
/// </summary>
public static class RtmpChunkWriter
{
    /// <summary>RTMP 5.4: protocol control messages go on chunk stream 2, message stream 0.</summary>
    public const int ControlChunkStreamId = 2;

    /// <summary>Commands and their replies; any id above 2 works, 3 is what FMS and nginx-rtmp use.</summary>
    public const int CommandChunkStreamId = 3;

    /// <summary>onStatus and other NetStream messages, on their own chunk stream as FMS sends them.</summary>
    public const int StreamChunkStreamId = 5;

    public static int GetSize(int chunkStreamId, int payloadLength, uint timestamp, int chunkSize)
    {
        var chunks = Math.Max(1, (payloadLength + chunkSize - 1) / chunkSize);
        var basic = RtmpChunkBasicHeader.GetSize(chunkStreamId);
        var extended = timestamp >= RtmpChunkMessageHeader.ExtendedTimestampMarker ? 4 : 0;
        return basic + 11 + extended + (chunks - 1) * (basic + extended) + payloadLength;
    }

    public static int WriteMessage(IBufferWriter<byte> writer, int chunkStreamId, RtmpMessageType typeId,
        uint messageStreamId, uint timestamp, ReadOnlySpan<byte> payload, int chunkSize)
    {
        var size = GetSize(chunkStreamId, payload.Length, timestamp, chunkSize);
        var span = writer.GetSpan(size);
        var first = new RtmpChunkMessageHeader(RtmpChunkType.Type0, timestamp, false, payload.Length, (byte)typeId, messageStreamId);
        var continuation = first with { ChunkType = RtmpChunkType.Type3, HasExtendedTimestamp = timestamp >= RtmpChunkMessageHeader.ExtendedTimestampMarker };
        var offset = new RtmpChunkBasicHeader(RtmpChunkType.Type0, chunkStreamId).Write(span);
        offset += first.Write(span[offset..]);
        var sent = 0;
        while (true)
        {
            var length = Math.Min(chunkSize, payload.Length - sent);
            payload.Slice(sent, length).CopyTo(span[offset..]);
            offset += length;
            sent += length;
            if (sent >= payload.Length)
            {
                break;
            }

            offset += new RtmpChunkBasicHeader(RtmpChunkType.Type3, chunkStreamId).Write(span[offset..]);
            offset += continuation.Write(span[offset..]);
        }

        writer.Advance(offset);
        return offset;
    }

    /// <summary>Writes an AMF0 command or data message made of <paramref name="values"/>.</summary>
    public static int WriteAmf0Message(IBufferWriter<byte> writer, int chunkStreamId, RtmpMessageType typeId,
        uint messageStreamId, ReadOnlySpan<AmfValue> values, int chunkSize)
    {
        var payloadLength = Amf0Writer.GetSize(values);
        var rented = ArrayPool<byte>.Shared.Rent(payloadLength);
        try
        {
            var offset = 0;
            foreach (ref readonly var value in values)
            {
                offset += Amf0Writer.Write(rented.AsSpan(offset), value);
            }

            return WriteMessage(writer, chunkStreamId, typeId, messageStreamId, 0, rented.AsSpan(0, offset), chunkSize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A protocol control message with a 4-byte big-endian value (types 1, 2, 3, 5).</summary>
    public static int WriteControl(IBufferWriter<byte> writer, RtmpMessageType typeId, uint value, int chunkSize)
    {
        Span<byte> payload = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        return WriteMessage(writer, ControlChunkStreamId, typeId, 0, 0, payload, chunkSize);
    }

    /// <summary>Set Peer Bandwidth (RTMP 5.4.5): window size and limit type (0 hard, 1 soft, 2 dynamic).</summary>
    public static int WriteSetPeerBandwidth(IBufferWriter<byte> writer, uint windowSize, byte limitType, int chunkSize)
    {
        Span<byte> payload = stackalloc byte[5];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload, windowSize);
        payload[4] = limitType;
        return WriteMessage(writer, ControlChunkStreamId, RtmpMessageType.SetPeerBandwidth, 0, 0, payload, chunkSize);
    }

    /// <summary>User Control message (RTMP 7.1.7): event type u16 BE then its 4-byte value.</summary>
    public static int WriteUserControl(IBufferWriter<byte> writer, RtmpUserControlEvent eventType, uint value, int chunkSize)
    {
        Span<byte> payload = stackalloc byte[6];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)eventType);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload[2..], value);
        return WriteMessage(writer, ControlChunkStreamId, RtmpMessageType.UserControl, 0, 0, payload, chunkSize);
    }
}
