using Prometheus;

namespace Sportall.MediaServer.Cluster;

internal static class ClusterMetrics
{
    public static readonly Gauge Claims = Metrics.CreateGauge(
        "sportall_cluster_claims", "Stream ownership claims this node holds in Redis.");

    public static readonly Counter Refusals = Metrics.CreateCounter(
        "sportall_cluster_refusals_total", "Publishes refused because another node owns the name.");

    public static readonly Counter Conflicts = Metrics.CreateCounter(
        "sportall_cluster_conflicts_total", "Heartbeats that found a held claim taken by another node (after a Redis outage longer than the TTL).");

    public static readonly Counter Errors = Metrics.CreateCounter(
        "sportall_redis_errors_total", "Redis commands that failed or timed out.", "operation");

    // Client-side latency, which is what a publish waits for; the "Redis latency" alert reads it.
    public static readonly Histogram CommandSeconds = Metrics.CreateHistogram(
        "sportall_redis_command_seconds", "Redis command round trips seen by this node, by operation.",
        new HistogramConfiguration
        {
            LabelNames = ["operation"],
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        });
}
