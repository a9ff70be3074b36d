using Sportall.Packager.Live;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// What readers can fetch of one segment of one track. Immutable: the segmenter (new parts, completion)
/// and the disk writer (spilled to a file) replace the whole entry.
/// </summary>
internal sealed record StoredSegment(CmafSegment Segment, ReadOnlyMemory<byte> Bytes, string? FilePath)
{
    public bool InMemory => FilePath is null;
}
