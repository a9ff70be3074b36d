using System.Collections.Immutable;

namespace Sportall.Packager.Live;

/// <summary>
/// One media segment of one track as published so far. The segmenter replaces it with a new instance
/// as parts are added; <see cref="IsComplete"/> turns true once its last part is known.
/// Segments of every track of a stream share sequence numbers and boundaries (cut together).
/// </summary>
public sealed record CmafSegment
{
    public required string TrackId { get; init; }

    /// <summary>Media sequence number (EXT-X-MEDIA-SEQUENCE / DASH $Number$), shared by every track.</summary>
    public required long SequenceNumber { get; init; }

    /// <summary>Index of the <see cref="PackagedPeriod"/> this segment belongs to (also its discontinuity sequence).</summary>
    public required int PeriodIndex { get; init; }

    /// <summary>Base media decode time (tfdt) of the first sample, in <see cref="Timescale"/> ticks, monotonic for the stream's life.</summary>
    public required long StartTicks { get; init; }

    public required long DurationTicks { get; init; }

    public required int Timescale { get; init; }

    /// <summary>Ingest wall clock of the segment's first sample (EXT-X-PROGRAM-DATE-TIME).</summary>
    public required DateTimeOffset ProgramDateTime { get; init; }

    public required ImmutableArray<CmafPart> Parts { get; init; }

    public required bool IsComplete { get; init; }

    /// <summary>
    /// The segment's last part is out and the segment ends with the keyframe predicted from the GOP (it completes
    /// when that keyframe arrives): the next part will be part 0 of the next segment, so the preload hint names
    /// that one. The first frame that is not that keyframe (a wrong prediction) takes it back for every track, and
    /// any part added later clears it too.
    /// </summary>
    public bool EndExpected { get; init; }

    /// <summary>Total bytes of the segment so far (sum of parts), for BANDWIDTH computation.</summary>
    public long ByteLength { get; init; }

    public double DurationSeconds => (double)DurationTicks / Timescale;
}
