using Prometheus;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>Series of the portal role: what its catalog expects on air, and how long its MongoDB takes.</summary>
internal static class PortalMetrics
{
    public static readonly Gauge ScheduledEventLive = Metrics.CreateGauge(
        "sportall_scheduled_event_live", "1 while the catalog expects an event on air (scheduled window now, not cancelled, postponed or ended).",
        "tenant", "stream");

    // From a local replica set's sub-millisecond finds to the 5 s of a failover the driver rides out.
    public static readonly Histogram MongoDbCommandSeconds = Metrics.CreateHistogram(
        "sportall_mongodb_command_seconds", "MongoDB commands of the portal's catalog, as timed by the driver (failed ones included).",
        new HistogramConfiguration
        {
            LabelNames = ["command"],
            Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        });
}
