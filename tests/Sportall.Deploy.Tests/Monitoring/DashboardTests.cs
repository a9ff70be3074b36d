using System.Text.Json;
using Sportall.Deploy.Tests.Infrastructure;

namespace Sportall.Deploy.Tests.Monitoring;

/// <summary>The Grafana dashboards are valid JSON with unique ids, and every query reads a metric that is exported and documented.</summary>
public sealed class DashboardTests
{
    public static TheoryData<string> Dashboards => new("live-overview", "delivery", "ingest-health", "platform");

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void QueriesReadExportedAndDocumentedMetrics(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Repository.Deploy("grafana", name + ".json")));
        var root = json.RootElement;
        Assert.StartsWith("sportall-", root.GetProperty("uid").GetString());
        Assert.StartsWith("Sportall · ", root.GetProperty("title").GetString());
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());

        var declared = ExportedMetrics.DeclaredInSource();
        var documented = ExportedMetrics.Documented();
        var problems = new List<string>();
        foreach (var panel in panels)
        {
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            if (targets.Count == 0) problems.Add($"panel '{panel.GetProperty("title")}' has no query");
            foreach (var target in targets)
            {
                foreach (var metric in AlertRules.SportallMetrics(target.GetProperty("expr").GetString()!))
                {
                    if (!declared.Contains(metric))
                        problems.Add($"panel '{panel.GetProperty("title")}': {metric} is declared nowhere in the source");
                    if (!documented.ContainsKey(metric))
                        problems.Add($"panel '{panel.GetProperty("title")}': {metric} is missing from docs/OPERATIONS.md");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
