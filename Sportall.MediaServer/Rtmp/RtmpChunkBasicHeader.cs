using System.Buffers;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// Chunk basic header (RTMP 5.3.1.1): the chunk type and the chunk stream id in 1, 2 or 3 bytes.
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |fmt|   cs id   |                                  cs id 2..63
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |fmt|     0     |  cs id - 64   |                  cs id 64..319
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |fmt|     1     |        cs id - 64 (LE)        |  cs id 64..65599
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct RtmpChunkBasicHeader(RtmpChunkType ChunkType, int ChunkStreamId)
{
    public const int MinChunkStreamId = 2;
    public const int MaxChunkStreamId = 65599;

    public static bool TryRead(ref SequenceReader<byte> reader, out RtmpChunkBasicHeader header)
    {
        header = default;
        if (!reader.TryPeek(out var first))
        {
            return false;
        }

        var chunkType = (RtmpChunkType)(first >> 6);
        var low = first & 0x3F;
        switch (low)
        {
            case 0:
                if (!reader.TryPeek(1, out var b1))
                {
                    return false;
                }

                reader.Advance(2);
                header = new RtmpChunkBasicHeader(chunkType, b1 + 64);
                return true;
            case 1:
                if (!reader.TryPeek(1, out var lo) || !reader.TryPeek(2, out var hi))
                {
                    return false;
                }

                reader.Advance(3);
                header = new RtmpChunkBasicHeader(chunkType, lo + (hi << 8) + 64);
                return true;
            default:
                reader.Advance(1);
                header = new RtmpChunkBasicHeader(chunkType, low);
                return true;
        }
    }

    public static int GetSize(int chunkStreamId) => chunkStreamId switch
    {
        < 64 => 1,
        < 320 => 2,
        _ => 3,
    };

    public int Write(Span<byte> destination)
    {
        var fmt = (byte)((byte)ChunkType << 6);
        switch (ChunkStreamId)
        {
            case < MinChunkStreamId or > MaxChunkStreamId:
                throw new ArgumentOutOfRangeException(nameof(ChunkStreamId), ChunkStreamId, "chunk stream ids are 2..65599");
            case < 64:
                destination[0] = (byte)(fmt | ChunkStreamId);
                return 1;
            case < 320:
                destination[0] = fmt;
                destination[1] = (byte)(ChunkStreamId - 64);
                return 2;
            default:
                var id = ChunkStreamId - 64;
                destination[0] = (byte)(fmt | 1);
                destination[1] = (byte)id;
                destination[2] = (byte)(id >> 8);
                return 3;
        }
    }
}
