using System.Collections.Immutable;
using Sportall.Media.Model;

namespace Sportall.Packager.Recording;

/// <summary>One track of a recorded asset: its info (of the first period), peak bandwidth, init segments per period and segments.</summary>
public sealed record RecordedTrack
{
    public required string Id { get; init; }

    public required TrackInfo Info { get; init; }

    public required long PeakBandwidth { get; init; }

    /// <summary>Periods whose init segment is stored, ascending.</summary>
    public required ImmutableArray<int> InitPeriods { get; init; }

    public required ImmutableArray<RecordedSegment> Segments { get; init; }
}
