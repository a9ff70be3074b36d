namespace Sportall.Media.Amf;

/// <summary>
/// One AMF0 value: a small discriminated union over the types RTMP commands and FLV script data use.
/// <see cref="Type"/> says which accessor is meaningful. Objects and ECMA arrays keep their
/// properties in wire order (duplicates included) so that a value re-encodes byte for byte.
/// </summary>
public readonly struct AmfValue : IEquatable<AmfValue>
{
    private readonly double _number;
    private readonly object? _reference;
    private readonly short _timeZone;

    private AmfValue(Amf0Marker type, double number = 0, object? reference = null, short timeZone = 0)
    {
        Type = type;
        _number = number;
        _reference = reference;
        _timeZone = timeZone;
    }

    /// <summary>The AMF0 marker this value is written with.</summary>
    public Amf0Marker Type { get; }

    /// <summary>The AMF0 null value.</summary>
    public static AmfValue Null => new(Amf0Marker.Null);

    /// <summary>The AMF0 undefined value.</summary>
    public static AmfValue Undefined => new(Amf0Marker.Undefined);

    /// <summary>A number (IEEE 754 double, as AMF0 carries every number).</summary>
    public static AmfValue FromNumber(double value) => new(Amf0Marker.Number, value);

    /// <summary>A boolean.</summary>
    public static AmfValue FromBoolean(bool value) => new(Amf0Marker.Boolean, value ? 1 : 0);

    /// <summary>A string; written as a long string when its UTF-8 form exceeds 65535 bytes.</summary>
    public static AmfValue FromString(string value) => new(Amf0Marker.String, reference: value);

    /// <summary>A string written with the long string marker whatever its length.</summary>
    public static AmfValue FromLongString(string value) => new(Amf0Marker.LongString, reference: value);

    /// <summary>An anonymous object.</summary>
    public static AmfValue FromObject(params AmfProperty[] properties) => new(Amf0Marker.Object, reference: properties);

    /// <summary>An ECMA (associative) array.</summary>
    public static AmfValue FromEcmaArray(params AmfProperty[] properties) => new(Amf0Marker.EcmaArray, reference: properties);

    /// <summary>A strict (dense) array.</summary>
    public static AmfValue FromStrictArray(params AmfValue[] items) => new(Amf0Marker.StrictArray, reference: items);

    /// <summary>A date: milliseconds since the Unix epoch (UTC) and the reserved time-zone field.</summary>
    public static AmfValue FromDate(double unixTimeMs, short timeZone = 0) => new(Amf0Marker.Date, unixTimeMs, timeZone: timeZone);

    public static implicit operator AmfValue(double value) => FromNumber(value);
    public static implicit operator AmfValue(bool value) => FromBoolean(value);
    public static implicit operator AmfValue(string value) => FromString(value);

    /// <summary>The number (also the milliseconds of a date); 0 for other types.</summary>
    public double Number => Type is Amf0Marker.Number or Amf0Marker.Date ? _number : 0;

    /// <summary>The boolean; false for other types.</summary>
    public bool Boolean => Type == Amf0Marker.Boolean && _number != 0;

    /// <summary>The string of a string or long string; null for other types.</summary>
    public string? String => _reference as string;

    /// <summary>The time-zone field of a date (reserved, normally 0).</summary>
    public short TimeZone => _timeZone;

    /// <summary>The properties of an object or ECMA array; empty for other types.</summary>
    public IReadOnlyList<AmfProperty> Properties => _reference as AmfProperty[] ?? [];

    /// <summary>The items of a strict array; empty for other types.</summary>
    public IReadOnlyList<AmfValue> Items => _reference as AmfValue[] ?? [];

    /// <summary>True for null and undefined.</summary>
    public bool IsNullOrUndefined => Type is Amf0Marker.Null or Amf0Marker.Undefined;

    /// <summary>Objects and ECMA arrays: the first property with this name.</summary>
    public bool TryGetProperty(string name, out AmfValue value)
    {
        if (_reference is AmfProperty[] properties)
        {
            foreach (var property in properties)
            {
                if (property.Name == name)
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Objects and ECMA arrays: the string property with this name, or null.</summary>
    public string? GetString(string name) => TryGetProperty(name, out var value) ? value.String : null;

    /// <summary>Objects and ECMA arrays: the number property with this name, or null.</summary>
    public double? GetNumber(string name) =>
        TryGetProperty(name, out var value) && value.Type == Amf0Marker.Number ? value.Number : null;

    public bool Equals(AmfValue other)
    {
        if (Type != other.Type || _timeZone != other._timeZone)
        {
            return false;
        }

        switch (Type)
        {
            case Amf0Marker.Number:
            case Amf0Marker.Date:
            case Amf0Marker.Boolean:
                return _number.Equals(other._number);
            case Amf0Marker.String:
            case Amf0Marker.LongString:
                return string.Equals(String, other.String, StringComparison.Ordinal);
            case Amf0Marker.Object:
            case Amf0Marker.EcmaArray:
                return ((AmfProperty[])_reference!).AsSpan().SequenceEqual((AmfProperty[])other._reference!);
            case Amf0Marker.StrictArray:
                return ((AmfValue[])_reference!).AsSpan().SequenceEqual((AmfValue[])other._reference!);
            default:
                return true;
        }
    }

    public override bool Equals(object? obj) => obj is AmfValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, _number, _reference is string s ? s.GetHashCode() : 0);

    public static bool operator ==(AmfValue left, AmfValue right) => left.Equals(right);

    public static bool operator !=(AmfValue left, AmfValue right) => !left.Equals(right);

    public override string ToString() => Type switch
    {
        Amf0Marker.Number => _number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Amf0Marker.Boolean => Boolean ? "true" : "false",
        Amf0Marker.String or Amf0Marker.LongString => $"\"{String}\"",
        Amf0Marker.Object or Amf0Marker.EcmaArray =>
            "{" + string.Join(", ", Properties.Select(p => $"{p.Name}: {p.Value}")) + "}",
        Amf0Marker.StrictArray => "[" + string.Join(", ", Items) + "]",
        Amf0Marker.Date => $"Date({_number})",
        _ => Type.ToString().ToLowerInvariant(),
    };
}
