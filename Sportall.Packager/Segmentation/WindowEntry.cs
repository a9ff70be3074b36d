namespace Sportall.Packager.Segmentation;

/// <summary>A complete segment sequence of the live window (all tracks), as the leading track cut it.</summary>
internal sealed class WindowEntry(long sequence, int periodIndex, double durationSeconds, double endSeconds)
{
    public long Sequence { get; } = sequence;
    public int PeriodIndex { get; } = periodIndex;
    public double DurationSeconds { get; } = durationSeconds;
    /// <summary>Stream time at the segment's end.</summary>
    public double EndSeconds { get; } = endSeconds;
    /// <summary>Handed to the disk writer: readers get the file once written.</summary>
    public bool Spilled { get; set; }
}
