using System.Collections.Immutable;

namespace Sportall.Packager.Live;

/// <summary>
/// A run of media from one publish session with one set of codec configurations. A reconnect within the
/// grace period (or a codec change) starts a new period: one EXT-X-DISCONTINUITY in HLS, a new DASH Period.
/// </summary>
public sealed record PackagedPeriod(
    int Index,
    DateTimeOffset WallClockStart,
    /// <summary>Stream time of the period's first sample, in seconds since the stream's first sample.</summary>
    double StartSeconds,
    ImmutableArray<PackagedTrack> Tracks);
