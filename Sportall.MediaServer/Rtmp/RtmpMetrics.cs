using Prometheus;

namespace Sportall.MediaServer.Rtmp;

// Children are resolved once: the per-message path only increments.
internal static class RtmpMetrics
{
    public static readonly Gauge Connections = Metrics.CreateGauge(
        "sportall_ingest_connections", "Open RTMP ingest connections.");

    public static readonly Counter BytesReceived = Metrics.CreateCounter(
        "sportall_ingest_bytes_total", "Bytes received on RTMP ingest connections.");

    private static readonly Counter Messages = Metrics.CreateCounter(
        "sportall_ingest_messages_total", "RTMP messages received, by kind.",
        new CounterConfiguration { LabelNames = ["type"] });

    private static readonly Counter Rejections = Metrics.CreateCounter(
        "sportall_ingest_rejections_total", "RTMP connections closed or publishes refused, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    public static readonly Counter.Child AudioMessages = Messages.WithLabels("audio");
    public static readonly Counter.Child VideoMessages = Messages.WithLabels("video");
    public static readonly Counter.Child DataMessages = Messages.WithLabels("data");
    public static readonly Counter.Child CommandMessages = Messages.WithLabels("command");
    public static readonly Counter.Child ControlMessages = Messages.WithLabels("control");
    public static readonly Counter.Child AggregateMessages = Messages.WithLabels("aggregate");
    public static readonly Counter.Child OtherMessages = Messages.WithLabels("other");

    private static readonly Counter.Child[] RejectionChildren = CreateRejectionChildren();

    public static void Rejected(RtmpProtocolError reason) => RejectionChildren[(int)reason].Inc();

    private static Counter.Child[] CreateRejectionChildren()
    {
        var reasons = Enum.GetValues<RtmpProtocolError>();
        var children = new Counter.Child[reasons.Max(r => (int)r) + 1];
        foreach (var reason in reasons)
        {
            children[(int)reason] = Rejections.WithLabels(ToSnakeCase(reason.ToString()));
        }

        return children;
    }

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
