namespace Sportall.Packager.Segmentation;

internal enum CutBoundaryKind : byte
{
    /// <summary>A segment starts here: the follower drops samples before it.</summary>
    SegmentStart,
    /// <summary>A part ends here (the segment goes on).</summary>
    PartEnd,
    /// <summary>A part and its segment end here.</summary>
    SegmentEnd,
    /// <summary>The publisher is gone: the follower writes out everything it holds into the segment.</summary>
    Final,
}
