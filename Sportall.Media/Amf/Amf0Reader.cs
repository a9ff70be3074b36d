using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sportall.Media.Amf;

/// <summary>
/// Decodes AMF0 values (AMF0 specification, section 2). Used for RTMP commands and FLV script data,
/// never for media. Each value is one marker byte followed by its body:
/// <code>
/// number       00 | f64 BE
/// boolean      01 | u8 (0 = false)
/// string       02 | u16 BE length | UTF-8
/// object       03 | ( u16 length | UTF-8 name | value )* | 00 00 09
/// null         05
/// undefined    06
/// ECMA array   08 | u32 BE count (a hint) | ( u16 length | UTF-8 name | value )* | 00 00 09
/// strict array 0A | u32 BE count | value * count
/// date         0B | f64 BE ms since epoch | s16 BE time zone (reserved, 0)
/// long string  0C | u32 BE length | UTF-8
/// </code>
/// </summary>
public static class Amf0Reader
{
    /// <summary>
    /// Deepest nesting of objects and arrays accepted. RTMP commands nest two or three levels
    /// (connect's command object holding fourCcList); 32 leaves room for any real encoder while a
    /// hostile "object in object in ..." fails with a typed error long before the stack is at risk.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Longest string accepted, in bytes. Commands carry URLs and stream names, metadata short text;
    /// 1 MiB is far above any of them and stops a declared 4 GiB long string from being buffered.
    /// </summary>
    public const int MaxStringBytes = 1024 * 1024;

    /// <summary>Most items in a strict array; fourCcList and metadata keyframe tables stay far below.</summary>
    public const int MaxArrayItems = 65536;

    /// <summary>
    /// Reads one value. Returns false when the input ends before the value does; the reader is then
    /// left where it was. Throws <see cref="AmfException"/> when the bytes are not valid AMF0.
    /// </summary>
    public static bool TryReadValue(ref SequenceReader<byte> reader, out AmfValue value)
    {
        var probe = reader;
        if (!TryReadValueCore(ref probe, depth: 0, out value))
        {
            value = default;
            return false;
        }

        reader = probe;
        return true;
    }

    private static bool TryReadValueCore(ref SequenceReader<byte> reader, int depth, out AmfValue value)
    {
        value = default;
        if (!reader.TryRead(out var marker))
        {
            return false;
        }

        switch ((Amf0Marker)marker)
        {
            case Amf0Marker.Number:
                if (!TryReadDouble(ref reader, out var number))
                {
                    return false;
                }

                value = AmfValue.FromNumber(number);
                return true;

            case Amf0Marker.Boolean:
                if (!reader.TryRead(out var flag))
                {
                    return false;
                }

                value = AmfValue.FromBoolean(flag != 0);
                return true;

            case Amf0Marker.String:
            {
                if (!reader.TryReadBigEndian(out short length16) ||
                    !TryReadUtf8(ref reader, (ushort)length16, out var text))
                {
                    return false;
                }

                value = AmfValue.FromString(text);
                return true;
            }

            case Amf0Marker.LongString:
            {
                if (!reader.TryReadBigEndian(out int length32))
                {
                    return false;
                }

                if ((uint)length32 > MaxStringBytes)
                {
                    ThrowLengthTooLarge("long string", (uint)length32);
                }

                if (!TryReadUtf8(ref reader, length32, out var text))
                {
                    return false;
                }

                value = AmfValue.FromLongString(text);
                return true;
            }

            case Amf0Marker.Null:
                value = AmfValue.Null;
                return true;

            case Amf0Marker.Undefined:
                value = AmfValue.Undefined;
                return true;

            case Amf0Marker.Object:
            {
                CheckDepth(depth);
                if (!TryReadProperties(ref reader, depth + 1, out var properties))
                {
                    return false;
                }

                value = AmfValue.FromObject(properties);
                return true;
            }

            case Amf0Marker.EcmaArray:
            {
                CheckDepth(depth);
                // The associative count is only a hint: encoders write 0 or a stale number, the
                // object end marker is what ends the array.
                if (!reader.TryReadBigEndian(out int _) ||
                    !TryReadProperties(ref reader, depth + 1, out var properties))
                {
                    return false;
                }

                value = AmfValue.FromEcmaArray(properties);
                return true;
            }

            case Amf0Marker.StrictArray:
            {
                CheckDepth(depth);
                if (!reader.TryReadBigEndian(out int count))
                {
                    return false;
                }

                if ((uint)count > MaxArrayItems)
                {
                    ThrowLengthTooLarge("strict array", (uint)count);
                }

                // Each item is at least one byte: a count beyond what is buffered means "need more",
                // and never sizes an allocation from an untrusted number.
                if (count > reader.Remaining)
                {
                    return false;
                }

                var items = new AmfValue[count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryReadValueCore(ref reader, depth + 1, out items[i]))
                    {
                        return false;
                    }
                }

                value = AmfValue.FromStrictArray(items);
                return true;
            }

            case Amf0Marker.Date:
                if (!TryReadDouble(ref reader, out var ms) || !reader.TryReadBigEndian(out short timeZone))
                {
                    return false;
                }

                value = AmfValue.FromDate(ms, timeZone);
                return true;

            case Amf0Marker.ObjectEnd:
                ThrowUnexpectedObjectEnd();
                return false;

            default:
                ThrowUnsupportedMarker(marker);
                return false;
        }
    }

    private static bool TryReadProperties(ref SequenceReader<byte> reader, int depth, out AmfProperty[] properties)
    {
        properties = [];
        List<AmfProperty>? list = null;
        while (true)
        {
            if (!reader.TryReadBigEndian(out short nameLength))
            {
                return false;
            }

            if (nameLength == 0)
            {
                // "00 00 09" ends the object (AMF0 2.11).
                if (!reader.TryPeek(out var next))
                {
                    return false;
                }

                if (next == (byte)Amf0Marker.ObjectEnd)
                {
                    reader.Advance(1);
                    properties = list?.ToArray() ?? [];
                    return true;
                }
            }

            if (!TryReadUtf8(ref reader, (ushort)nameLength, out var name) ||
                !TryReadValueCore(ref reader, depth, out var value))
            {
                return false;
            }

            (list ??= []).Add(new AmfProperty(name, value));
        }
    }

    private static bool TryReadDouble(ref SequenceReader<byte> reader, out double value)
    {
        if (!reader.TryReadBigEndian(out long bits))
        {
            value = 0;
            return false;
        }

        value = BitConverter.Int64BitsToDouble(bits);
        return true;
    }

    private static bool TryReadUtf8(ref SequenceReader<byte> reader, int length, out string text)
    {
        text = string.Empty;
        if (reader.Remaining < length)
        {
            return false;
        }

        if (reader.UnreadSpan.Length >= length)
        {
            text = Encoding.UTF8.GetString(reader.UnreadSpan[..length]);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(length);
            reader.TryCopyTo(rented.AsSpan(0, length));
            text = Encoding.UTF8.GetString(rented, 0, length);
            ArrayPool<byte>.Shared.Return(rented);
        }

        reader.Advance(length);
        return true;
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            ThrowNestingTooDeep();
        }
    }

    [DoesNotReturn]
    private static void ThrowNestingTooDeep() =>
        throw new AmfException(AmfError.NestingTooDeep, $"deep AMF nesting: objects and arrays nested more than {MaxDepth} levels");

    [DoesNotReturn]
    private static void ThrowLengthTooLarge(string what, uint length) =>
        throw new AmfException(AmfError.LengthTooLarge, $"AMF {what} of {length} exceeds the limit");

    [DoesNotReturn]
    private static void ThrowUnexpectedObjectEnd() =>
        throw new AmfException(AmfError.UnexpectedObjectEnd, "AMF object end marker outside an object");

    [DoesNotReturn]
    private static void ThrowUnsupportedMarker(byte marker) =>
        throw new AmfException(AmfError.UnsupportedMarker, $"unsupported AMF0 marker 0x{marker:X2}");
}
