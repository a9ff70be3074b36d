namespace Sportall.Media.Mp4.Reading;

/// <summary>Four-character codes of the boxes the reader looks into, and their text form for messages.</summary>
internal static class Mp4FourCc
{
    public const uint Moov = 'm' << 24 | 'o' << 16 | 'o' << 8 | 'v';
    public const uint Mvhd = 'm' << 24 | 'v' << 16 | 'h' << 8 | 'd';
    public const uint Trak = 't' << 24 | 'r' << 16 | 'a' << 8 | 'k';
    public const uint Tkhd = 't' << 24 | 'k' << 16 | 'h' << 8 | 'd';
    public const uint Edts = 'e' << 24 | 'd' << 16 | 't' << 8 | 's';
    public const uint Elst = 'e' << 24 | 'l' << 16 | 's' << 8 | 't';
    public const uint Mdia = 'm' << 24 | 'd' << 16 | 'i' << 8 | 'a';
    public const uint Mdhd = 'm' << 24 | 'd' << 16 | 'h' << 8 | 'd';
    public const uint Hdlr = 'h' << 24 | 'd' << 16 | 'l' << 8 | 'r';
    public const uint Minf = 'm' << 24 | 'i' << 16 | 'n' << 8 | 'f';
    public const uint Stbl = 's' << 24 | 't' << 16 | 'b' << 8 | 'l';
    public const uint Stsd = 's' << 24 | 't' << 16 | 's' << 8 | 'd';
    public const uint Stts = 's' << 24 | 't' << 16 | 't' << 8 | 's';
    public const uint Ctts = 'c' << 24 | 't' << 16 | 't' << 8 | 's';
    public const uint Stss = 's' << 24 | 't' << 16 | 's' << 8 | 's';
    public const uint Stsz = 's' << 24 | 't' << 16 | 's' << 8 | 'z';
    public const uint Stz2 = 's' << 24 | 't' << 16 | 'z' << 8 | '2';
    public const uint Stsc = 's' << 24 | 't' << 16 | 's' << 8 | 'c';
    public const uint Stco = 's' << 24 | 't' << 16 | 'c' << 8 | 'o';
    public const uint Co64 = 'c' << 24 | 'o' << 16 | '6' << 8 | '4';
    public const uint Uuid = 'u' << 24 | 'u' << 16 | 'i' << 8 | 'd';
    public const uint Mdat = 'm' << 24 | 'd' << 16 | 'a' << 8 | 't';
    public const uint Moof = 'm' << 24 | 'o' << 16 | 'o' << 8 | 'f';
    public const uint Avc1 = 'a' << 24 | 'v' << 16 | 'c' << 8 | '1';
    public const uint Avc3 = 'a' << 24 | 'v' << 16 | 'c' << 8 | '3';
    public const uint AvcC = 'a' << 24 | 'v' << 16 | 'c' << 8 | 'C';
    public const uint Hvc1 = 'h' << 24 | 'v' << 16 | 'c' << 8 | '1';
    public const uint Hev1 = 'h' << 24 | 'e' << 16 | 'v' << 8 | '1';
    public const uint HvcC = 'h' << 24 | 'v' << 16 | 'c' << 8 | 'C';
    public const uint Mp4a = 'm' << 24 | 'p' << 16 | '4' << 8 | 'a';
    public const uint Esds = 'e' << 24 | 's' << 16 | 'd' << 8 | 's';
    public const uint Wave = 'w' << 24 | 'a' << 16 | 'v' << 8 | 'e';
    public const uint Vide = 'v' << 24 | 'i' << 16 | 'd' << 8 | 'e';
    public const uint Soun = 's' << 24 | 'o' << 16 | 'u' << 8 | 'n';

    public static string ToText(uint fourCc)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((fourCc >> (24 - 8 * i)) & 0xFF);
            chars[i] = c is >= ' ' and <= '~' ? c : '?';
        }
        return new string(chars);
    }
}
