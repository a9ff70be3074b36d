using Prometheus;

namespace Sportall.MediaServer.Hub;

internal static class HubMetrics
{
    public static readonly Gauge Publishers = Metrics.CreateGauge(
        "sportall_publishers", "Live publish sessions on this node.");

    public static readonly Counter Frames = Metrics.CreateCounter(
        "sportall_ingest_frames_total", "Access units published into the hub.", "stream");

    public static readonly Counter ReaderDrops = Metrics.CreateCounter(
        "sportall_hub_reader_drops_total", "Frames dropped for a slow reader (its queue was full or it waited for a keyframe).");

    public static readonly Counter TrackChanges = Metrics.CreateCounter(
        "sportall_hub_track_changes_total", "Track announcements (publish starts and codec configuration changes).");
}
