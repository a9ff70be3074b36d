using Prometheus;

namespace Sportall.MediaServer.Srt;

// Per-stream series carry the playback name (never the key) and are removed when the publish ends.
internal static class SrtMetrics
{
    public static readonly Gauge Connections = Metrics.CreateGauge(
        "sportall_srt_connections", "Open SRT ingest connections.");

    public static readonly Counter BytesReceived = Metrics.CreateCounter(
        "sportall_srt_bytes_total", "Payload bytes received on SRT ingest connections.");

    public static readonly Gauge RttMs = Metrics.CreateGauge(
        "sportall_srt_rtt_ms", "Smoothed round-trip time of the SRT link, in ms.", "stream");

    public static readonly Gauge ReceiveRateMbps = Metrics.CreateGauge(
        "sportall_srt_receive_rate_mbps", "Receive rate of the SRT link over the last stats interval, in Mb/s.", "stream");

    public static readonly Gauge ReceiveBufferMs = Metrics.CreateGauge(
        "sportall_srt_receive_buffer_ms", "Timespan of packets held in the receiver buffer (compare with the latency), in ms.", "stream");

    public static readonly Counter PacketsLost = Metrics.CreateCounter(
        "sportall_srt_packets_lost_total", "Packets detected lost by the receiver (before retransmission).", "stream");

    public static readonly Counter PacketsRetransmitted = Metrics.CreateCounter(
        "sportall_srt_packets_retransmitted_total", "Retransmitted packets received.", "stream");

    public static readonly Counter PacketsDropped = Metrics.CreateCounter(
        "sportall_srt_packets_dropped_total", "Packets dropped as too late to play (viewers see a glitch).", "stream");

    private static readonly Counter Rejections = Metrics.CreateCounter(
        "sportall_srt_rejections_total", "SRT callers refused, by reason.", "reason");

    private static readonly Counter.Child[] RejectionChildren = CreateRejectionChildren();

    public static void Rejected(SrtRejection reason) => RejectionChildren[(int)reason].Inc();

    public static double RejectionCount(SrtRejection reason) => RejectionChildren[(int)reason].Value;

    public static void RemoveStream(string stream)
    {
        RttMs.RemoveLabelled(stream);
        ReceiveRateMbps.RemoveLabelled(stream);
        ReceiveBufferMs.RemoveLabelled(stream);
        PacketsLost.RemoveLabelled(stream);
        PacketsRetransmitted.RemoveLabelled(stream);
        PacketsDropped.RemoveLabelled(stream);
    }

    private static Counter.Child[] CreateRejectionChildren()
    {
        var reasons = Enum.GetValues<SrtRejection>();
        var children = new Counter.Child[reasons.Length];
        foreach (var reason in reasons)
        {
            children[(int)reason] = Rejections.WithLabels(ToSnakeCase(reason.ToString()));
        }

        return children;
    }

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
