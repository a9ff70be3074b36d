namespace Sportall.Packager.Live;

/// <summary>
/// One LL-HLS part: a CMAF chunk (moof + mdat) of one track. Immutable once published; a segment's bytes
/// are the concatenation of its parts' bytes.
/// </summary>
public sealed record CmafPart(
    long SegmentSequence,
    int PartIndex,
    long StartTicks,
    long DurationTicks,
    bool Independent,
    ReadOnlyMemory<byte> Data);
