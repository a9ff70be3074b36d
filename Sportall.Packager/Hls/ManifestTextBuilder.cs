using System.Globalization;
using System.Text;

namespace Sportall.Packager.Hls;

/// <summary>
/// Appends manifest text (M3U8 or MPD XML) as UTF-8 into a reusable scratch buffer, formatting numbers and
/// dates straight into bytes (IUtf8SpanFormattable), so rendering allocates only the final copy.
/// Not thread-safe: one renderer holds it for the duration of a render.
/// </summary>
internal sealed class ManifestTextBuilder
{
    // A 60 s LL-HLS window with 2 s segments renders to about 4 KiB; start there and grow by doubling.
    private const int InitialCapacity = 8 * 1024;

    // Longest number or date written at once: an ISO 8601 date with milliseconds (24 bytes) or a double
    // with up to 5 decimals; 64 bytes leaves room.
    private const int MaxFormattedLength = 64;

    private byte[] _buffer = new byte[InitialCapacity];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>The rendered text as an exactly sized array: the only allocation of a render.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    public ManifestTextBuilder Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(GetSpan(utf8.Length));
        _length += utf8.Length;
        return this;
    }

    /// <summary>Appends text, UTF-8 encoded. Names and codec strings are ASCII in practice.</summary>
    public ManifestTextBuilder Append(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        _length += Encoding.UTF8.GetBytes(text, GetSpan(max));
        return this;
    }

    public ManifestTextBuilder Append(long value)
    {
        value.TryFormat(GetSpan(MaxFormattedLength), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>Appends <paramref name="value"/> with a standard or custom numeric format ("F5", "0.###").</summary>
    public ManifestTextBuilder Append(double value, string format)
    {
        value.TryFormat(GetSpan(MaxFormattedLength), out int written, format, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>ISO 8601 / xs:dateTime in UTC with milliseconds: <c>2026-11-27T08:00:00.000Z</c>.</summary>
    public ManifestTextBuilder AppendDateTime(DateTimeOffset value)
    {
        value.UtcDateTime.TryFormat(GetSpan(MaxFormattedLength), out int written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>xs:duration in seconds with up to millisecond precision: <c>PT2S</c>, <c>PT1.5S</c>.</summary>
    public ManifestTextBuilder AppendXsDuration(double seconds)
    {
        Append("PT"u8);
        Append(Math.Round(seconds, 3), "0.###");
        return Append("S"u8);
    }

    /// <summary>Appends an XML attribute value with the five predefined entities escaped.</summary>
    public ManifestTextBuilder AppendXmlEscaped(string text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': Append("&amp;"u8); break;
                case '<': Append("&lt;"u8); break;
                case '>': Append("&gt;"u8); break;
                case '"': Append("&quot;"u8); break;
                case '\'': Append("&apos;"u8); break;
                default:
                    if (c < 0x80)
                    {
                        GetSpan(1)[0] = (byte)c;
                        _length++;
                    }
                    else
                    {
                        Span<char> one = [c];
                        _length += Encoding.UTF8.GetBytes(one, GetSpan(4));
                    }
                    break;
            }
        }
        return this;
    }

    private Span<byte> GetSpan(int sizeHint)
    {
        if (_buffer.Length - _length < sizeHint)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + sizeHint));
        }
        return _buffer.AsSpan(_length);
    }
}
