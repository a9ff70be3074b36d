namespace Sportall.Packager.Recording;

/// <summary>One stored media segment; ticks in the track's timescale, on the stream's continuous timeline (tfdt).</summary>
public readonly record struct RecordedSegment(long Sequence, int Period, long StartTicks, long DurationTicks, long Length);
