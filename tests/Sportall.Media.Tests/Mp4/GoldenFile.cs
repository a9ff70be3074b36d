using System.Runtime.CompilerServices;
using System.Text;

namespace Sportall.Media.Tests.Mp4;

/// <summary>
/// Byte-exact comparison with files under golden/. UPDATE_GOLDEN=1 rewrites them (review the diff in git).
/// On mismatch the failure shows a hex dump of both around the first differing byte.
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, ReadOnlySpan<byte> actual, [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, actual.ToArray());
            return;
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllBytes(path);
        if (actual.SequenceEqual(expected)) return;

        var first = 0;
        while (first < actual.Length && first < expected.Length && actual[first] == expected[first]) first++;
        var start = Math.Max(0, first - 32) & ~15;
        var message = new StringBuilder()
            .AppendLine($"{name}: {actual.Length} bytes written, {expected.Length} expected; first difference at offset {first} (0x{first:x})")
            .AppendLine("expected:").Append(HexDump(expected, start, 96))
            .AppendLine("actual:").Append(HexDump(actual, start, 96));
        Assert.Fail(message.ToString());
    }

    public static string HexDump(ReadOnlySpan<byte> data, int start, int count)
    {
        var sb = new StringBuilder();
        for (var row = start; row < Math.Min(data.Length, start + count); row += 16)
        {
            sb.Append($"  {row:x6}: ");
            for (var i = row; i < row + 16; i++) sb.Append(i < data.Length ? $"{data[i]:x2} " : "   ");
            sb.Append(' ');
            for (var i = row; i < row + 16 && i < data.Length; i++) sb.Append(data[i] is >= 0x20 and < 0x7f ? (char)data[i] : '.');
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
