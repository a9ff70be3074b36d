using System.Collections.Immutable;
using Sportall.Packager.Live;

namespace Sportall.Packager.Recording;

/// <summary>
/// What a live's recording holds so far, for the DVR playlists: every period (tracks, init segments) and every
/// completed segment since the start (without bytes: those are in the packager, the spool or the store).
/// Immutable; the recorder publishes a new one per segment.
/// </summary>
public sealed record DvrSnapshot(
    string AssetId,
    /// <summary>Wall clock at stream time zero (DASH availabilityStartTime).</summary>
    DateTimeOffset StreamZero,
    ImmutableArray<PackagedPeriod> Periods,
    ImmutableDictionary<string, ImmutableList<CmafSegment>> Segments,
    bool Ended);
