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

    // Part availability latency: from the packager's receipt of a part's last sample to the publication
    // of the snapshot that lists the part (from then on playlists, blocking reloads and part requests see
    // it). Parts close on the arrival of their last sample with a predicted duration, so this is the
    // segmenter's own work; the exception is a part that a segment-ending keyframe closes, which adds the
    // wait for that keyframe (one frame interval). Time spent before the packager (network, demuxer, hub
    // queue) is not included.
    public static readonly Histogram PartPublishSeconds = Metrics.CreateHistogram(
        "sportall_packager_part_publish_seconds", "Time from the packager's receipt of a part's last sample to the publication of the snapshot listing the part.",
        new HistogramConfiguration
        {
            LabelNames = Labels,
            // Fine around the 20 ms LL-HLS availability target so a p99 can be read off the buckets.
            Buckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
        });

    public static readonly Gauge BufferPoolRetainedBytes = Metrics.CreateGauge(
        "sportall_packager_buffer_pool_retained_bytes", "Bytes of segment buffers kept by the pool for reuse (not in use by any segment).");

    public static readonly Gauge BufferPoolRented = Metrics.CreateGauge(
        "sportall_packager_buffer_pool_rented_arrays", "Segment buffer arrays handed out since start, pooled or new.");

    public static readonly Gauge BufferPoolAllocated = Metrics.CreateGauge(
        "sportall_packager_buffer_pool_allocated_arrays", "Segment buffer arrays the pool had to allocate since start (steady state: flat).");

    public static readonly Gauge BufferPoolTrimmed = Metrics.CreateGauge(
        "sportall_packager_buffer_pool_trimmed_arrays", "Segment buffer arrays let go since start because no request took them for 20 s.");

    public static readonly Gauge BufferPoolInUseBytes = Metrics.CreateGauge(
        "sportall_packager_buffer_pool_in_use_bytes", "Bytes of segment buffer arrays in use: the segments in memory (the open ones included), not the pool's.");

    public static readonly Gauge BufferPoolInUseArrays = Metrics.CreateGauge(
        "sportall_packager_buffer_pool_in_use_arrays", "Segment buffer arrays in use: the segments in memory (the open ones included) and arrays they outgrew.");

    /// <summary>Publishes the shared pool's counts at each scrape (read from the pool, nothing on the hot path).</summary>
    public static void ObserveAtScrape(SegmentBufferPool pool) => Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
    {
        BufferPoolRetainedBytes.Set(pool.RetainedBytes);
        BufferPoolRented.Set(pool.Rented);
        BufferPoolAllocated.Set(pool.Allocated);
        BufferPoolTrimmed.Set(pool.Trimmed);
        BufferPoolInUseBytes.Set(pool.InUseBytes);
        BufferPoolInUseArrays.Set(pool.InUseArrays);
    });
}
