namespace Sportall.Packager.Live;

/// <summary>Where a segment's bytes are: in memory (recent media) or in a file (older media of the live window).</summary>
public readonly record struct SegmentLocation(ReadOnlyMemory<byte> Memory, string? FilePath, long Length);

/// <summary>
/// Byte access to a packaged stream's init segments, parts and segments, implemented by the segmenter's store.
/// Memory handed out is valid while the segment is in memory; a caller that uses it after returning (an HTTP
/// response, a file write) takes a <see cref="SegmentLease"/> first and looks again when that fails.
/// </summary>
public interface ISegmentSource
{
    bool TryGetInit(string trackId, int periodIndex, out ReadOnlyMemory<byte> data);

    bool TryGetPart(string trackId, long segmentSequence, int partIndex, out ReadOnlyMemory<byte> data);

    /// <summary>A complete segment of the live window. False when unknown, still incomplete or evicted.</summary>
    bool TryGetSegment(string trackId, long segmentSequence, out SegmentLocation location);
}
