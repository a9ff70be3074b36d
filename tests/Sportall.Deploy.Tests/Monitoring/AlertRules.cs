using System.Text.RegularExpressions;
using Sportall.Deploy.Tests.Infrastructure;
using YamlDotNet.Serialization;

namespace Sportall.Deploy.Tests.Monitoring;

/// <summary>The PrometheusRule's rule groups as a plain Prometheus rules file, and what its alerts query.</summary>
public static partial class AlertRules
{
    public static readonly string PrometheusRulePath = Repository.Deploy("k8s", "base", "monitoring", "prometheusrule.yaml");
    public static readonly string UnitTestPath = Repository.Deploy("k8s", "base", "monitoring", "tests", "alerts.test.yaml");

    /// <summary>The spec of the PrometheusRule (its "groups") is exactly a Prometheus rules file.</summary>
    public static string ToRulesFile()
    {
        var rule = Load(PrometheusRulePath);
        var spec = (Dictionary<object, object>)rule["spec"];
        return new SerializerBuilder().Build().Serialize(spec);
    }

    public static IReadOnlyList<(string Alert, string Expr)> Alerts()
    {
        var rule = Load(PrometheusRulePath);
        var groups = (List<object>)((Dictionary<object, object>)rule["spec"])["groups"];
        return groups.Cast<Dictionary<object, object>>()
            .SelectMany(g => ((List<object>)g["rules"]).Cast<Dictionary<object, object>>())
            .Select(r => ((string)r["alert"], (string)r["expr"]))
            .ToList();
    }

    /// <summary>Metric names an expression reads, histogram series suffixes folded into the metric's name.</summary>
    public static IEnumerable<string> SportallMetrics(string expr) =>
        MetricName().Matches(expr).Select(m => HistogramSuffix().Replace(m.Value, "")).Distinct();

    public static Dictionary<object, object> Load(string path) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(path));

    [GeneratedRegex(@"\bsportall_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"_(bucket|count|sum)$")]
    private static partial Regex HistogramSuffix();
}
