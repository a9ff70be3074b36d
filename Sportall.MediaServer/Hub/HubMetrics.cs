using Prometheus;

namespace Sportall.MediaServer.Hub;

internal static class HubMetrics
{
    public static readonly Gauge Publishers = Metrics.CreateGauge(
        "sportall_publishers", "Live publish sessions on this node.");

    public static readonly Counter Frames = Metrics.CreateCounter(
        "sportall_ingest_frames_total", "Access units published into the hub.", "stream");

    // Per-stream series exist while the stream is published on this node (removed when the publisher
    // goes), so "stream lost" and "bitrate collapse" alerts see a live stream, not a finished one.
    public static readonly Gauge Live = Metrics.CreateGauge(
        "sportall_stream_live", "1 while a publisher is connected for the stream on this node.", "stream");

    public static readonly Counter StreamBytes = Metrics.CreateCounter(
        "sportall_ingest_stream_bytes_total", "Access-unit payload bytes published into the hub, per stream (ingest bitrate).", "stream");

    public static readonly Counter ReaderDrops = Metrics.CreateCounter(
        "sportall_hub_reader_drops_total", "Frames dropped for a slow reader (its queue was full or it waited for a keyframe).");

    public static readonly Counter TrackChanges = Metrics.CreateCounter(
        "sportall_hub_track_changes_total", "Track announcements (publish starts and codec configuration changes).");
}
