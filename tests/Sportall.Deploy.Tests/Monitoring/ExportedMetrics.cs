using System.Text.RegularExpressions;
using Sportall.Deploy.Tests.Infrastructure;

namespace Sportall.Deploy.Tests.Monitoring;

/// <summary>
/// Metric names the product declares (string literals "sportall_…" in its source, outside tests), and the
/// table of docs/OPERATIONS.md that lists every metric the alerts and dashboards expect.
/// </summary>
public static partial class ExportedMetrics
{
    public static IReadOnlySet<string> DeclaredInSource()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in Directory.GetDirectories(Repository.Root, "Sportall.*"))
        {
            foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal)) continue;
                foreach (Match match in Literal().Matches(File.ReadAllText(file))) names.Add(match.Groups[1].Value);
            }
        }
        return names;
    }

    /// <summary>Rows of the "Metrics the alerts expect" table: name → the "Exported by" cell.</summary>
    public static IReadOnlyDictionary<string, string> Documented()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Repository.Path("docs", "OPERATIONS.md")))
        {
            var match = TableRow().Match(line);
            if (match.Success) rows[match.Groups[1].Value] = match.Groups[2].Value.Trim();
        }
        return rows;
    }

    [GeneratedRegex("\"(sportall_[a-z0-9_]+)\"")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^\|\s*`(sportall_[a-z0-9_]+)`[^|]*\|([^|]*)\|")]
    private static partial Regex TableRow();
}
