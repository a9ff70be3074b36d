namespace Sportall.Packager.Segmentation;

/// <summary>A sample waiting in a track's open part. Its payload sits in the track's staging buffer.</summary>
internal struct PendingSample
{
    /// <summary>Decode time in the track's timescale, already mapped onto the stream's continuous timeline.</summary>
    public long DtsTicks;
    public int CompositionOffsetTicks;
    public bool IsSync;
    public int PayloadOffset;
    public int Size;
    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the access unit arrived.</summary>
    public long ArrivalTimestamp;
}
