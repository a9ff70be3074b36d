using System.Globalization;

namespace Sportall.Packager.Delivery;

/// <summary>
/// The media file names of the URL layout, parsed without allocating:
/// <c>init-{period}.mp4</c>, <c>seg-{msn}.m4s</c>, <c>part-{msn}.{partIndex}.m4s</c>.
/// </summary>
internal readonly record struct MediaFileName(HttpRequestKind Kind, long Number, int PartIndex)
{
    public static bool TryParse(ReadOnlySpan<char> name, out MediaFileName file)
    {
        file = default;
        if (name.StartsWith("init-") && name.EndsWith(".mp4"))
        {
            if (TryParseNumber(name[5..^4], out long period) && period <= int.MaxValue)
            {
                file = new MediaFileName(HttpRequestKind.Init, period, 0);
                return true;
            }
            return false;
        }
        if (name.StartsWith("seg-") && name.EndsWith(".m4s"))
        {
            if (TryParseNumber(name[4..^4], out long msn))
            {
                file = new MediaFileName(HttpRequestKind.Segment, msn, 0);
                return true;
            }
            return false;
        }
        if (name.StartsWith("part-") && name.EndsWith(".m4s"))
        {
            var numbers = name[5..^4];
            int dot = numbers.IndexOf('.');
            if (dot > 0 && TryParseNumber(numbers[..dot], out long msn)
                && TryParseNumber(numbers[(dot + 1)..], out long part) && part <= int.MaxValue)
            {
                file = new MediaFileName(HttpRequestKind.Part, msn, (int)part);
                return true;
            }
        }
        return false;
    }

    // Digits only: no sign, no whitespace, no leading '+' that long.TryParse would accept.
    private static bool TryParseNumber(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
