using Sportall.Packager.Live;

namespace Sportall.Packager.Hls;

/// <summary>The durations every media playlist of one snapshot shares (so renditions agree).</summary>
internal readonly record struct HlsTiming(int TargetDurationSeconds, double PartTargetSeconds)
{
    // PART-HOLD-BACK: RFC 8216bis §4.4.3.8 "Its value MUST be at least twice the Part Target Duration.
    // Its value SHOULD be at least three times the Part Target Duration."
    public const double PartHoldBackInPartTargets = 3;

    // CAN-SKIP-UNTIL: RFC 8216bis §4.4.3.8 "The Skip Boundary MUST be at least six times the Target Duration."
    public const int SkipBoundaryInTargetDurations = 6;

    public double PartHoldBackSeconds => Math.Round(PartTargetSeconds * PartHoldBackInPartTargets, 3);

    public int SkipBoundarySeconds => TargetDurationSeconds * SkipBoundaryInTargetDurations;

    /// <summary>
    /// EXT-X-TARGETDURATION: RFC 8216bis §4.4.3.1 "The EXTINF duration of each Media Segment in a Playlist
    /// file, when rounded to the nearest integer, MUST be less than or equal to the Target Duration", so
    /// the ceiling of the longest segment (a keyframe interval longer than the target makes segments
    /// longer), never below the configured target. PART-TARGET: §4.4.4.9 a Partial Segment's duration
    /// MUST be at most the Part Target Duration, so the configured target raised to the longest part.
    /// Durations are taken to the millisecond first so tick rounding (1.9999999 s) does not add a second.
    /// </summary>
    public static HlsTiming Of(StreamSnapshot snapshot, PackagerOptions options)
    {
        long maxSegmentMs = options.SegmentTargetMs;
        long maxPartMs = options.PartTargetMs;
        foreach (var (_, segments) in snapshot.Segments)
        {
            foreach (var segment in segments)
            {
                if (segment.IsComplete)
                {
                    maxSegmentMs = Math.Max(maxSegmentMs, ToMilliseconds(segment.DurationTicks, segment.Timescale));
                }
                foreach (var part in segment.Parts)
                {
                    maxPartMs = Math.Max(maxPartMs, ToMilliseconds(part.DurationTicks, segment.Timescale));
                }
            }
        }

        int targetDuration = (int)((maxSegmentMs + 999) / 1000);
        return new HlsTiming(Math.Max(1, targetDuration), maxPartMs / 1000.0);
    }

    public static long ToMilliseconds(long ticks, int timescale) =>
        (long)Math.Round(ticks * 1000.0 / timescale, MidpointRounding.AwayFromZero);
}
