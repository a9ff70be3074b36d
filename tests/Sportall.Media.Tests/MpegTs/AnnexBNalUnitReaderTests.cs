using Sportall.Media.Codecs;

namespace Sportall.Media.Tests.MpegTs;

public class AnnexBNalUnitReaderTests
{
    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "3-byte start codes", "000001 0901 000001 6742 000001 65AA", ["0901", "6742", "65AA"] },
        { "4-byte start codes: the zero_byte is not part of the previous unit", "00000001 0910 00000001 6742 00000001 68CE", ["0910", "6742", "68CE"] },
        { "trailing_zero_8bits trimmed", "000001 4101 0000 000001 4102 00", ["4101", "4102"] },
        { "bytes before the first start code ignored", "FFEE 000001 4101", ["4101"] },
        { "empty units skipped", "000001 000001 4101", ["4101"] },
        { "no start code", "4101 0203", [] },
        { "a start code at the very end", "000001 4101 000001", ["4101"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Splits_at_start_codes(string name, string hex, string[] expected)
    {
        _ = name;
        var data = Convert.FromHexString(hex.Replace(" ", ""));
        var units = new List<string>();
        var reader = new AnnexBNalUnitReader(data);
        while (reader.TryReadNext(out var offset, out var length)) units.Add(Convert.ToHexString(data, offset, length));
        Assert.Equal(expected, units);
    }
}
