using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sportall.Media.Amf;

/// <summary>
/// Encodes AMF0 values (layout in <see cref="Amf0Reader"/>). Sizes are computed first, then each
/// value is written once into the destination.
/// </summary>
public static class Amf0Writer
{
    /// <summary>Bytes <paramref name="value"/> takes on the wire.</summary>
    public static int GetSize(in AmfValue value)
    {
        switch (value.Type)
        {
            case Amf0Marker.Number:
                return 1 + 8;
            case Amf0Marker.Boolean:
                return 1 + 1;
            case Amf0Marker.String:
            case Amf0Marker.LongString:
            {
                var bytes = Encoding.UTF8.GetByteCount(value.String!);
                return (IsLong(value, bytes) ? 1 + 4 : 1 + 2) + bytes;
            }
            case Amf0Marker.Null:
            case Amf0Marker.Undefined:
                return 1;
            case Amf0Marker.Object:
            case Amf0Marker.EcmaArray:
            {
                var size = value.Type == Amf0Marker.EcmaArray ? 1 + 4 : 1;
                foreach (var property in value.Properties)
                {
                    size += 2 + Encoding.UTF8.GetByteCount(property.Name) + GetSize(property.Value);
                }

                return size + 3;
            }
            case Amf0Marker.StrictArray:
            {
                var size = 1 + 4;
                foreach (var item in value.Items)
                {
                    size += GetSize(item);
                }

                return size;
            }
            case Amf0Marker.Date:
                return 1 + 8 + 2;
            default:
                throw new NotSupportedException($"AMF0 marker {value.Type} is not written");
        }
    }

    /// <summary>Total size of a sequence of values (an RTMP command is one).</summary>
    public static int GetSize(ReadOnlySpan<AmfValue> values)
    {
        var size = 0;
        foreach (ref readonly var value in values)
        {
            size += GetSize(value);
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/>; returns the bytes written.</summary>
    public static int Write(IBufferWriter<byte> writer, in AmfValue value)
    {
        var size = GetSize(value);
        var written = Write(writer.GetSpan(size), value);
        writer.Advance(written);
        return written;
    }

    /// <summary>Writes the values one after the other; returns the bytes written.</summary>
    public static int Write(IBufferWriter<byte> writer, ReadOnlySpan<AmfValue> values)
    {
        var size = GetSize(values);
        var span = writer.GetSpan(size);
        var offset = 0;
        foreach (ref readonly var value in values)
        {
            offset += Write(span[offset..], value);
        }

        writer.Advance(offset);
        return offset;
    }

    /// <summary>Writes <paramref name="value"/> into a span of at least <see cref="GetSize(in AmfValue)"/> bytes.</summary>
    public static int Write(Span<byte> destination, in AmfValue value)
    {
        destination[0] = (byte)value.Type;
        switch (value.Type)
        {
            case Amf0Marker.Number:
                BinaryPrimitives.WriteDoubleBigEndian(destination[1..], value.Number);
                return 9;
            case Amf0Marker.Boolean:
                destination[1] = value.Boolean ? (byte)1 : (byte)0;
                return 2;
            case Amf0Marker.String:
            case Amf0Marker.LongString:
            {
                var text = value.String!;
                var bytes = Encoding.UTF8.GetByteCount(text);
                if (IsLong(value, bytes))
                {
                    destination[0] = (byte)Amf0Marker.LongString;
                    BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)bytes);
                    return 5 + Encoding.UTF8.GetBytes(text, destination[5..]);
                }

                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)bytes);
                return 3 + Encoding.UTF8.GetBytes(text, destination[3..]);
            }
            case Amf0Marker.Null:
            case Amf0Marker.Undefined:
                return 1;
            case Amf0Marker.Object:
            case Amf0Marker.EcmaArray:
            {
                var offset = 1;
                if (value.Type == Amf0Marker.EcmaArray)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)value.Properties.Count);
                    offset += 4;
                }

                foreach (var property in value.Properties)
                {
                    offset += WriteName(destination[offset..], property.Name);
                    offset += Write(destination[offset..], property.Value);
                }

                destination[offset++] = 0;
                destination[offset++] = 0;
                destination[offset++] = (byte)Amf0Marker.ObjectEnd;
                return offset;
            }
            case Amf0Marker.StrictArray:
            {
                var items = value.Items;
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)items.Count);
                var offset = 5;
                foreach (var item in items)
                {
                    offset += Write(destination[offset..], item);
                }

                return offset;
            }
            case Amf0Marker.Date:
                BinaryPrimitives.WriteDoubleBigEndian(destination[1..], value.Number);
                BinaryPrimitives.WriteInt16BigEndian(destination[9..], value.TimeZone);
                return 11;
            default:
                throw new NotSupportedException($"AMF0 marker {value.Type} is not written");
        }
    }

    private static int WriteName(Span<byte> destination, string name)
    {
        var length = Encoding.UTF8.GetBytes(name, destination[2..]);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("AMF0 property names are limited to 65535 bytes", nameof(name));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        return 2 + length;
    }

    // A string longer than a u16 length can state is written as a long string (AMF0 2.14).
    private static bool IsLong(in AmfValue value, int byteCount) =>
        value.Type == Amf0Marker.LongString || byteCount > ushort.MaxValue;
}
