namespace Sportall.Packager.Vod;

/// <summary>One media segment of a VOD track; both values in the track's timescale (StartTicks is the tfdt of its first sample).</summary>
public readonly record struct VodSegment(long StartTicks, long DurationTicks);
