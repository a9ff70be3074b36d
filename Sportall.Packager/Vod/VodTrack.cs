using System.Collections.Immutable;
using Sportall.Media.Model;

namespace Sportall.Packager.Vod;

/// <summary>One track of a VOD asset: its id in URLs, its info, peak bandwidth (bits/s, for BANDWIDTH) and its segments.</summary>
public sealed record VodTrack(string Id, TrackInfo Info, long PeakBandwidth, ImmutableArray<VodSegment> Segments)
{
    /// <summary>Sum of the segment durations in seconds.</summary>
    public double DurationSeconds => Segments.IsDefaultOrEmpty
        ? 0
        : (double)(Segments[^1].StartTicks + Segments[^1].DurationTicks - Segments[0].StartTicks) / Info.Timescale;
}
