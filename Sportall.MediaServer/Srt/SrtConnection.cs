using Sportall.MediaServer.Srt.Native;

namespace Sportall.MediaServer.Srt;

// One accepted publisher; touched only by the listener's receive thread.
internal sealed class SrtConnection(SrtSocketHandle socket, ISrtPublishSession session, string playbackName, string remote, long nowMs)
{
    public SrtSocketHandle Socket { get; } = socket;
    public ISrtPublishSession Session { get; } = session;
    public string PlaybackName { get; } = playbackName;
    public string Remote { get; } = remote;
    public long LastDataMs { get; set; } = nowMs;
    public long Bytes { get; set; }

    // Metric children resolved once per connection, so the stats pass does no label lookups.
    public Prometheus.Gauge.Child RttMs { get; } = SrtMetrics.RttMs.WithLabels(playbackName);
    public Prometheus.Gauge.Child ReceiveRateMbps { get; } = SrtMetrics.ReceiveRateMbps.WithLabels(playbackName);
    public Prometheus.Gauge.Child ReceiveBufferMs { get; } = SrtMetrics.ReceiveBufferMs.WithLabels(playbackName);
    public Prometheus.Counter.Child PacketsLost { get; } = SrtMetrics.PacketsLost.WithLabels(playbackName);
    public Prometheus.Counter.Child PacketsRetransmitted { get; } = SrtMetrics.PacketsRetransmitted.WithLabels(playbackName);
    public Prometheus.Counter.Child PacketsDropped { get; } = SrtMetrics.PacketsDropped.WithLabels(playbackName);
}
