using Prometheus;

namespace Sportall.MediaServer.Transcoding;

internal static class TranscoderMetrics
{
    public static readonly Gauge Acceleration = Metrics.CreateGauge(
        "sportall_transcoder_acceleration", "The transcoding pipeline chosen at start-up (1 for the chosen path).", "path");

    public static readonly Gauge Running = Metrics.CreateGauge(
        "sportall_transcoder_running", "Transcoder processes running (one per transcoded live stream).");

    public static readonly Counter Starts = Metrics.CreateCounter(
        "sportall_transcoder_starts_total", "FFmpeg transcoder processes started.", "stream");

    // A start that follows a crash, stall or failed start; the first start of a stream is not a restart.
    public static readonly Counter Restarts = Metrics.CreateCounter(
        "sportall_transcoder_restarts_total", "FFmpeg transcoder processes started again after the previous run failed.", "stream");

    public static readonly Counter Failures = Metrics.CreateCounter(
        "sportall_transcoder_failures_total", "Transcoder processes that crashed, stalled or could not start.", "stream", "reason");

    public static readonly Gauge Speed = Metrics.CreateGauge(
        "sportall_transcoder_speed", "FFmpeg's reported speed (media seconds per second; below 1 the ladder falls behind).", "stream");

    public static readonly Gauge Fps = Metrics.CreateGauge(
        "sportall_transcoder_fps", "FFmpeg's reported frames per second.", "stream");

    public static readonly Counter OutputFrames = Metrics.CreateCounter(
        "sportall_transcoder_output_frames_total", "Rendition frames read back from FFmpeg.", "stream", "rendition");

    public static readonly Counter UnmappedFrames = Metrics.CreateCounter(
        "sportall_transcoder_unmapped_frames_total", "Rendition frames dropped because no source frame matched their timestamp.", "stream");

    public static readonly Counter StderrErrors = Metrics.CreateCounter(
        "sportall_transcoder_log_lines_total", "Warning and error lines FFmpeg wrote.", "stream");
}
