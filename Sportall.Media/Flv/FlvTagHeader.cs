using System.Buffers;

namespace Sportall.Media.Flv;

/// <summary>
/// An FLV tag header (FLV spec v10.1 Annex E.4.1).
/// </summary>
/// <remarks>
/// <code>
/// +--------------+-----------------+----------------+-------------------+----------------+
/// | Reserved(2)  | DataSize (24)   | Timestamp (24) | TimestampExt (8)  | StreamID (24)  |
/// | Filter(1)    |                 | lower bits, ms | upper bits, ms    | always 0       |
/// | TagType(5)   |                 |                |                   |                |
/// +--------------+-----------------+----------------+-------------------+----------------+
///   1 byte          3 bytes           3 bytes          1 byte              3 bytes  = 11
/// </code>
/// </remarks>
public readonly record struct FlvTagHeader(FlvTagType TagType, bool Filter, int DataSize, uint TimestampMs)
{
    public const int Size = 11;

    /// <summary>Reads the 11-byte header; <c>false</c> (nothing consumed) when fewer bytes are available.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out FlvTagHeader header)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (!reader.TryCopyTo(bytes))
        {
            header = default;
            return false;
        }
        reader.Advance(Size);
        header = new FlvTagHeader(
            (FlvTagType)(bytes[0] & 0x1F),
            (bytes[0] & 0x20) != 0,
            (bytes[1] << 16) | (bytes[2] << 8) | bytes[3],
            ((uint)bytes[7] << 24) | ((uint)bytes[4] << 16) | ((uint)bytes[5] << 8) | bytes[6]);
        return true;
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)(((byte)TagType & 0x1F) | (Filter ? 0x20 : 0));
        destination[1] = (byte)(DataSize >> 16);
        destination[2] = (byte)(DataSize >> 8);
        destination[3] = (byte)DataSize;
        destination[4] = (byte)(TimestampMs >> 16);
        destination[5] = (byte)(TimestampMs >> 8);
        destination[6] = (byte)TimestampMs;
        destination[7] = (byte)(TimestampMs >> 24);
        destination[8] = destination[9] = destination[10] = 0;
    }
}
