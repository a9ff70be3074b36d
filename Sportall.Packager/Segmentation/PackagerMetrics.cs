using Prometheus;

namespace Sportall.Packager.Segmentation;

/// <summary>Segmenter metrics. Each track caches its labelled children, so the per-part path does no label lookup.</summary>
internal static class PackagerMetrics
{
    private static readonly string[] Labels = ["stream", "track"];

    public static readonly Counter Segments = Metrics.CreateCounter(
        "sportall_packager_segments_total", "Complete CMAF segments produced.", new CounterConfiguration { LabelNames = Labels });

    public static readonly Counter Parts = Metrics.CreateCounter(
        "sportall_packager_parts_total", "CMAF chunks (LL-HLS parts) produced.", new CounterConfiguration { LabelNames = Labels });

    // From the arrival of a part's last sample to the part's publication. The one-sample hold-back (a
    // sample's duration is the next sample's DTS minus its own) makes this one frame interval when the
    // part fills its target exactly, two when the next sample must arrive to prove the part is full.
    public static readonly Histogram PartPublishSeconds = Metrics.CreateHistogram(
        "sportall_packager_part_publish_seconds", "Time from the arrival of a part's last sample to the part's publication.",
        new HistogramConfiguration
        {
            LabelNames = Labels,
            Buckets = [0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
        });
}
