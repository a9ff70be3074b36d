namespace Sportall.Media.Codecs;

/// <summary>
/// Walks the NAL units of an H.264/HEVC Annex B byte stream (ITU-T H.264 Annex B, H.265 Annex B),
/// as MPEG-TS carries video: each unit follows a start code <c>00 00 01</c>, optionally preceded by a
/// <c>zero_byte</c>, and may be followed by <c>trailing_zero_8bits</c>.
/// </summary>
/// <remarks>
/// <code>
/// [leading_zero_8bits] 00 00 01 | NAL unit | [trailing_zero_8bits] 00 00 01 | NAL unit | …
/// </code>
/// Returns positions, not copies: the caller converts to length-prefixed form in one pass without
/// allocating. Trailing zero bytes are trimmed from each unit (a NAL unit ends with
/// rbsp_trailing_bits, whose last byte is never 0), so the zero_byte of a 4-byte start code is not
/// taken for part of the unit before it. Bytes before the first start code are ignored.
/// </remarks>
public ref struct AnnexBNalUnitReader
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    private readonly ReadOnlySpan<byte> _data;
    private int _next;

    public AnnexBNalUnitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        var first = data.IndexOf(StartCode);
        _next = first < 0 ? -1 : first + StartCode.Length;
    }

    /// <summary>The next non-empty NAL unit as an offset and length into the data; <c>false</c> at the end.</summary>
    public bool TryReadNext(out int offset, out int length)
    {
        while (_next >= 0)
        {
            var start = _next;
            var found = _data[start..].IndexOf(StartCode);
            int end;
            if (found < 0)
            {
                end = _data.Length;
                _next = -1;
            }
            else
            {
                end = start + found;
                _next = end + StartCode.Length;
            }
            while (end > start && _data[end - 1] == 0) end--;
            if (end > start)
            {
                offset = start;
                length = end - start;
                return true;
            }
        }
        offset = 0;
        length = 0;
        return false;
    }
}
