namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// One reassembled RTMP message. <see cref="Payload"/> points into the chunk reader's reassembly
/// buffer (or straight into the receive buffer for a single-chunk message) and is valid only until
/// the next read.
/// </summary>
public readonly ref struct RtmpMessage
{
    public RtmpMessage(int chunkStreamId, RtmpMessageType typeId, uint messageStreamId, long timestampMs, ReadOnlySpan<byte> payload)
    {
        ChunkStreamId = chunkStreamId;
        TypeId = typeId;
        MessageStreamId = messageStreamId;
        TimestampMs = timestampMs;
        Payload = payload;
    }

    public int ChunkStreamId { get; }
    public RtmpMessageType TypeId { get; }
    public uint MessageStreamId { get; }

    /// <summary>Milliseconds, accumulated in 64 bits so it keeps increasing past the 32-bit wrap.</summary>
    public long TimestampMs { get; }

    public ReadOnlySpan<byte> Payload { get; }
}
