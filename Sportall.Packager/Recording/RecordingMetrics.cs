using Prometheus;

namespace Sportall.Packager.Recording;

/// <summary>Recording metrics: a growing pending count with failures climbing is a store outage riding on the spool.</summary>
internal static class RecordingMetrics
{
    public static readonly Gauge PendingUploads = Metrics.CreateGauge(
        "sportall_recording_pending_uploads", "Spooled files and recording closings not yet in the object store.");

    public static readonly Counter UploadFailures = Metrics.CreateCounter(
        "sportall_recording_upload_failures_total", "Failed object store writes of the recorder (each is retried).");

    public static readonly Counter SpooledBytes = Metrics.CreateCounter(
        "sportall_recording_spooled_bytes_total", "Bytes of init and media segments written to the recording spool.");

    public static readonly Counter Replays = Metrics.CreateCounter(
        "sportall_recording_replays_total", "Recordings closed into replay assets.");
}
