using Sportall.Deploy.Tests.Infrastructure;

namespace Sportall.Deploy.Tests.Monitoring;

/// <summary>The alert rules pass promtool's checks and unit tests, every alert is tested, and each reads real metrics.</summary>
public sealed class AlertRuleTests
{
    private const string PromtoolMissing = "promtool is not installed: apt-get install prometheus (test.sh does)";

    [Fact]
    public async Task PromtoolChecksTheRules()
    {
        Assert.True(ExternalTool.IsInstalled("promtool"), PromtoolMissing);
        var dir = Directory.CreateTempSubdirectory("sportall-rules-");
        try
        {
            var rules = Path.Combine(dir.FullName, "rules.yaml");
            await File.WriteAllTextAsync(rules, AlertRules.ToRulesFile());
            var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("promtool", ["check", "rules", rules], TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, stdout + stderr);
            Assert.Contains($"SUCCESS: {AlertRules.Alerts().Count} rules found", stdout);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PromtoolUnitTestsPassWithRecordedSeries()
    {
        Assert.True(ExternalTool.IsInstalled("promtool"), PromtoolMissing);
        var dir = Directory.CreateTempSubdirectory("sportall-rules-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "rules.yaml"), AlertRules.ToRulesFile());
            File.Copy(AlertRules.UnitTestPath, Path.Combine(dir.FullName, "alerts.test.yaml"));
            var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("promtool", ["test", "rules", "alerts.test.yaml"],
                TimeSpan.FromSeconds(120), dir.FullName);
            Assert.True(exitCode == 0, stdout + stderr);
            Assert.Contains("SUCCESS", stdout + stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void EveryAlertHasAUnitTestThatFiresIt()
    {
        var tests = AlertRules.Load(AlertRules.UnitTestPath);
        var fired = ((List<object>)tests["tests"]).Cast<Dictionary<object, object>>()
            .SelectMany(t => t.TryGetValue("alert_rule_test", out var cases) ? ((List<object>)cases).Cast<Dictionary<object, object>>() : [])
            .Where(c => c.TryGetValue("exp_alerts", out var expected) && expected is List<object> { Count: > 0 })
            .Select(c => (string)c["alertname"])
            .ToHashSet();
        var untested = AlertRules.Alerts().Select(a => a.Alert).Where(a => !fired.Contains(a)).ToList();
        Assert.True(untested.Count == 0, "alerts without a firing unit test: " + string.Join(", ", untested));
    }

    [Fact]
    public void AlertsReadMetricsThatAreExportedAndDocumented()
    {
        var declared = ExportedMetrics.DeclaredInSource();
        var documented = ExportedMetrics.Documented();
        Assert.Contains("sportall_publishers", declared);
        Assert.NotEmpty(documented);
        var problems = new List<string>();
        foreach (var (alert, expr) in AlertRules.Alerts())
        {
            foreach (var metric in AlertRules.SportallMetrics(expr))
            {
                if (!documented.ContainsKey(metric))
                    problems.Add($"{alert}: {metric} is not in the metrics table of docs/OPERATIONS.md");
                if (!declared.Contains(metric))
                    problems.Add($"{alert}: {metric} is declared nowhere in the source");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryDocumentedMetricIsDeclaredInTheSource()
    {
        var declared = ExportedMetrics.DeclaredInSource();
        var missing = ExportedMetrics.Documented().Keys.Where(m => !declared.Contains(m)).ToList();
        Assert.True(missing.Count == 0, "docs/OPERATIONS.md lists metrics no code declares: " + string.Join(", ", missing));
    }
}
