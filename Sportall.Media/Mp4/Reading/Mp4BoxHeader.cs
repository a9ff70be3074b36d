using System.Buffers;
using System.Buffers.Binary;

namespace Sportall.Media.Mp4.Reading;

/// <summary>
/// One ISO BMFF box header (ISO/IEC 14496-12 §4.2).
/// <code>
/// size(32) type(32)                         size ≥ 8: the whole box, header included
/// 1        type(32) largesize(64)           size == 1: a 64-bit size follows (boxes over 4 GiB: mdat)
/// 0        type(32)                         size == 0: "the box extends to the end of the file" (last top-level box only)
/// … then, when type == 'uuid', usertype(128)
/// </code>
/// </summary>
/// <param name="Type">The four-character code.</param>
/// <param name="HeaderSize">8, 16 (largesize), +16 for 'uuid'.</param>
/// <param name="Size">The whole box in bytes, or <see cref="ToEnd"/> for size 0.</param>
public readonly record struct Mp4BoxHeader(uint Type, int HeaderSize, long Size)
{
    /// <summary><see cref="Size"/> of a box whose size field is 0: it runs to the end of the file (or of its parent).</summary>
    public const long ToEnd = -1;

    /// <summary>The longest header: size + type + largesize + usertype.</summary>
    public const int MaxHeaderSize = 32;

    /// <summary>Payload bytes after the header, or −1 for a box that runs to the end.</summary>
    public long PayloadSize => Size == ToEnd ? ToEnd : Size - HeaderSize;

    /// <summary>
    /// Reads a box header. False when fewer bytes than the header needs are buffered (nothing consumed);
    /// a size smaller than the header throws <see cref="Mp4FormatException"/>.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out Mp4BoxHeader header)
    {
        header = default;
        var start = reader;
        if (!reader.TryReadBigEndian(out int size32) || !reader.TryReadBigEndian(out int type32))
        {
            reader = start;
            return false;
        }
        var type = (uint)type32;
        var size = (long)(uint)size32;
        var headerSize = 8;
        if (size == 1)
        {
            if (!reader.TryReadBigEndian(out long large))
            {
                reader = start;
                return false;
            }
            size = large;
            headerSize = 16;
        }
        if (type == Mp4FourCc.Uuid)
        {
            if (reader.Remaining < 16)
            {
                reader = start;
                return false;
            }
            reader.Advance(16);
            headerSize += 16;
        }
        if (size == 0)
        {
            size = ToEnd;
        }
        else if (size < headerSize)
        {
            Mp4Throw.BadBoxSize(type, size);
        }
        header = new Mp4BoxHeader(type, headerSize, size);
        return true;
    }

    /// <summary>Span form for boxes already in memory; false when the span holds less than the header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out Mp4BoxHeader header)
    {
        header = default;
        if (data.Length < 8) return false;
        var size = (long)BinaryPrimitives.ReadUInt32BigEndian(data);
        var type = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var headerSize = 8;
        if (size == 1)
        {
            if (data.Length < 16) return false;
            size = BinaryPrimitives.ReadInt64BigEndian(data[8..]);
            headerSize = 16;
        }
        if (type == Mp4FourCc.Uuid)
        {
            if (data.Length < headerSize + 16) return false;
            headerSize += 16;
        }
        if (size == 0) size = ToEnd;
        else if (size < headerSize) Mp4Throw.BadBoxSize(type, size);
        header = new Mp4BoxHeader(type, headerSize, size);
        return true;
    }
}
