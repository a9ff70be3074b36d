using Sportall.Media.Model;
using Sportall.Packager.Live;

namespace Sportall.Packager.Hls;

/// <summary>Bits per second of one track: the peak and the average over the complete segments of the window.</summary>
internal readonly record struct TrackBitrate(long PeakBitsPerSecond, long AverageBitsPerSecond)
{
    // Before the first complete segment there is nothing to measure and the encoder may not announce a
    // bitrate (onMetaData is optional). BANDWIDTH must never be 0 (RFC 8216bis §4.4.6.2: it is "the
    // peak segment bit rate"; players pick variants by it), so estimate generously: 0.15 bit per pixel per
    // frame covers x264 "veryfast" at sports motion; 5 Mbit/s when the size is unknown; 192 kbit/s
    // covers stereo AAC-LC at the usual encoder settings.
    private const double EstimatedBitsPerPixel = 0.15;
    private const long UnknownVideoBitsPerSecond = 5_000_000;
    private const long EstimatedAudioBitsPerSecond = 192_000;

    public static TrackBitrate Of(StreamSnapshot snapshot, TrackInfo info, string trackId)
    {
        long peak = 0;
        long totalBytes = 0;
        double totalSeconds = 0;
        if (snapshot.Segments.TryGetValue(trackId, out var segments))
        {
            foreach (var segment in segments)
            {
                if (!segment.IsComplete || segment.DurationTicks <= 0)
                {
                    continue;
                }
                long bytes = SegmentBytes(segment);
                double seconds = segment.DurationSeconds;
                peak = Math.Max(peak, (long)Math.Ceiling(bytes * 8 / seconds));
                totalBytes += bytes;
                totalSeconds += seconds;
            }
        }

        if (peak > 0)
        {
            return new TrackBitrate(peak, (long)Math.Ceiling(totalBytes * 8 / totalSeconds));
        }
        long estimate = Estimate(info);
        return new TrackBitrate(estimate, estimate);
    }

    private static long Estimate(TrackInfo info)
    {
        if (info.NominalBitrate > 0)
        {
            return info.NominalBitrate;
        }
        if (info.Kind == MediaKind.Audio)
        {
            return EstimatedAudioBitsPerSecond;
        }
        if (info.Width > 0 && info.Height > 0)
        {
            double fps = info.FrameRate > 0 ? info.FrameRate : 30;
            return (long)(info.Width * (double)info.Height * fps * EstimatedBitsPerPixel);
        }
        return UnknownVideoBitsPerSecond;
    }

    private static long SegmentBytes(CmafSegment segment)
    {
        if (segment.ByteLength > 0)
        {
            return segment.ByteLength;
        }
        long bytes = 0;
        foreach (var part in segment.Parts)
        {
            bytes += part.Data.Length;
        }
        return bytes;
    }
}
