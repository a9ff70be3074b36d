using System.Runtime.CompilerServices;
using System.Text;

namespace Sportall.Packager.Tests.Hls;

/// <summary>
/// Compares rendered output with a file under golden/ next to the calling test. UPDATE_GOLDEN=1 rewrites
/// the files instead (review the git diff afterwards); a mismatch fails with a line diff.
/// </summary>
internal static class GoldenFile
{
    private const int MaxDiffLines = 40;

    public static void AssertMatches(string fileName, string actual, [CallerFilePath] string callerPath = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(callerPath)!, "golden", fileName);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it.");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            Assert.Fail($"{fileName} differs from {path} (UPDATE_GOLDEN=1 accepts the new output):\n{Diff(expected, actual)}");
        }
    }

    /// <summary>A unified-style line diff from the longest common subsequence (manifests are a few hundred lines).</summary>
    internal static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var diff = new StringBuilder();
        int shown = 0;
        int x = 0, y = 0;
        while ((x < a.Length || y < b.Length) && shown < MaxDiffLines)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                diff.Append("expected line ").Append(x + 1).Append(" - ").AppendLine(a[x++]);
                shown++;
            }
            else
            {
                diff.Append("actual line   ").Append(y + 1).Append(" + ").AppendLine(b[y++]);
                shown++;
            }
        }
        return diff.ToString();
    }
}
