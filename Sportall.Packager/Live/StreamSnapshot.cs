using System.Collections.Immutable;

namespace Sportall.Packager.Live;

/// <summary>
/// An immutable view of a packaged stream. The segmenter publishes a new one at every change (new part,
/// segment, period, end); manifest writers render each version once and share the bytes.
/// </summary>
public sealed record StreamSnapshot
{
    public static readonly StreamSnapshot Empty = new()
    {
        Version = 0,
        Periods = [],
        Segments = ImmutableDictionary<string, ImmutableList<CmafSegment>>.Empty,
        AvailabilityStart = DateTimeOffset.UnixEpoch,
        Ended = false,
    };

    public required long Version { get; init; }

    /// <summary>Periods that still have segments in the live window, oldest first.</summary>
    public required ImmutableArray<PackagedPeriod> Periods { get; init; }

    /// <summary>Segments per track id inside the live window, oldest first; the last may be incomplete.</summary>
    public required ImmutableDictionary<string, ImmutableList<CmafSegment>> Segments { get; init; }

    /// <summary>Wall clock at stream time zero (DASH availabilityStartTime).</summary>
    public required DateTimeOffset AvailabilityStart { get; init; }

    /// <summary>True once the grace period expired without a reconnect (HLS ENDLIST, static MPD).</summary>
    public required bool Ended { get; init; }

    /// <summary>True while a publisher is connected and feeding this stream.</summary>
    public bool PublisherConnected { get; init; }

    /// <summary>Number of discontinuities (periods) that have left the window: EXT-X-DISCONTINUITY-SEQUENCE base.</summary>
    public int DiscontinuitySequence { get; init; }

    public PackagedPeriod? CurrentPeriod => Periods.IsDefaultOrEmpty ? null : Periods[^1];
}
