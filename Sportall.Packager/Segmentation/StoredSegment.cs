using Sportall.Packager.Live;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// What readers can fetch of one segment of one track. Immutable: the segmenter (new parts, completion)
/// and the disk writer (spilled to a file) replace the whole entry.
/// </summary>
/// <remarks>
/// An entry in memory holds the packager's reference to <paramref name="Buffer"/>; whoever takes the segment out of
/// memory in the store (the disk writer swapping in the file, eviction from the window, disposal) releases it, once.
/// </remarks>
internal sealed record StoredSegment(CmafSegment Segment, ReadOnlyMemory<byte> Bytes, string? FilePath, SegmentBuffer? Buffer)
{
    public bool InMemory => FilePath is null;
}
