using System.Buffers;
using System.Buffers.Binary;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// Chunk message header (RTMP 5.3.1.2) and the extended timestamp that may follow it (5.3.1.3).
/// <code>
/// type 0 (11 bytes): timestamp u24 BE | message length u24 BE | message type id u8 | message stream id u32 LE
/// type 1 (7 bytes):  timestamp delta u24 BE | message length u24 BE | message type id u8
/// type 2 (3 bytes):  timestamp delta u24 BE
/// type 3 (0 bytes)
/// then, when the 24-bit field is 0xFFFFFF: extended timestamp u32 BE
/// </code>
/// <see cref="Timestamp"/> holds the effective 32-bit value (the extended one when present): an
/// absolute timestamp for type 0, a delta for types 1 and 2.
/// </summary>
public readonly record struct RtmpChunkMessageHeader(
    RtmpChunkType ChunkType,
    uint Timestamp,
    bool HasExtendedTimestamp,
    int MessageLength,
    byte MessageTypeId,
    uint MessageStreamId)
{
    /// <summary>The 24-bit field value that says "look at the extended timestamp" (RTMP 5.3.1.3).</summary>
    public const uint ExtendedTimestampMarker = 0xFFFFFF;

    /// <summary>
    /// Reads the header of <paramref name="chunkType"/>. For type 3 the caller says whether an
    /// extended timestamp follows (it does when the chunk stream's last header carried one).
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, RtmpChunkType chunkType, bool type3HasExtendedTimestamp,
        out RtmpChunkMessageHeader header)
    {
        header = default;
        var size = GetSize(chunkType);
        Span<byte> bytes = stackalloc byte[11];
        if (!reader.TryCopyTo(bytes[..size]))
        {
            return false;
        }

        uint timestamp = 0;
        var length = 0;
        byte typeId = 0;
        uint streamId = 0;
        if (chunkType != RtmpChunkType.Type3)
        {
            timestamp = ReadUInt24(bytes);
        }

        if (chunkType <= RtmpChunkType.Type1)
        {
            length = (int)ReadUInt24(bytes[3..]);
            typeId = bytes[6];
        }

        if (chunkType == RtmpChunkType.Type0)
        {
            streamId = BinaryPrimitives.ReadUInt32LittleEndian(bytes[7..]);
        }

        var extended = chunkType == RtmpChunkType.Type3 ? type3HasExtendedTimestamp : timestamp == ExtendedTimestampMarker;
        if (extended)
        {
            if (reader.Remaining < size + 4)
            {
                return false;
            }

            var probe = reader;
            probe.Advance(size);
            probe.TryReadBigEndian(out int extendedTimestamp);
            timestamp = (uint)extendedTimestamp;
        }

        reader.Advance(size + (extended ? 4 : 0));
        header = new RtmpChunkMessageHeader(chunkType, timestamp, extended, length, typeId, streamId);
        return true;
    }

    public static int GetSize(RtmpChunkType chunkType) => chunkType switch
    {
        RtmpChunkType.Type0 => 11,
        RtmpChunkType.Type1 => 7,
        RtmpChunkType.Type2 => 3,
        _ => 0,
    };

    public int GetSize() => GetSize(ChunkType) + (NeedsExtendedTimestamp ? 4 : 0);

    private bool NeedsExtendedTimestamp => ChunkType == RtmpChunkType.Type3 ? HasExtendedTimestamp : Timestamp >= ExtendedTimestampMarker;

    public int Write(Span<byte> destination)
    {
        var size = GetSize(ChunkType);
        var field = Math.Min(Timestamp, ExtendedTimestampMarker);
        if (ChunkType != RtmpChunkType.Type3)
        {
            WriteUInt24(destination, field);
        }

        if (ChunkType <= RtmpChunkType.Type1)
        {
            WriteUInt24(destination[3..], (uint)MessageLength);
            destination[6] = MessageTypeId;
        }

        if (ChunkType == RtmpChunkType.Type0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[7..], MessageStreamId);
        }

        if (NeedsExtendedTimestamp)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[size..], Timestamp);
            size += 4;
        }

        return size;
    }

    private static uint ReadUInt24(ReadOnlySpan<byte> bytes) => (uint)(bytes[0] << 16 | bytes[1] << 8 | bytes[2]);

    private static void WriteUInt24(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
