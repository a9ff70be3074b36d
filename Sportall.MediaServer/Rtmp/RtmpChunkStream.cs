using System.Buffers;

namespace Sportall.MediaServer.Rtmp;

// Receive state of one chunk stream id: the last header's fields, which later chunk types inherit
// (RTMP 5.3.1.2), the 64-bit running timestamp and the pooled reassembly buffer, reused for every
// message of this chunk stream.
internal sealed class RtmpChunkStream(int chunkStreamId)
{
    public readonly int ChunkStreamId = chunkStreamId;
    public bool HasHeader;
    public bool HasAbsoluteTimestamp;
    public long TimestampMs;
    public uint TimestampField;
    public bool HasExtendedTimestamp;
    public int MessageLength;
    public byte MessageTypeId;
    public uint MessageStreamId;

    public bool InProgress;
    public int Received;
    public byte[]? Buffer;

    public Span<byte> EnsureBuffer(int length)
    {
        if (Buffer is null || Buffer.Length < length)
        {
            if (Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }

            Buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 4096));
        }

        return Buffer;
    }

    public void ReturnBuffer()
    {
        if (Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = null;
        }
    }
}
