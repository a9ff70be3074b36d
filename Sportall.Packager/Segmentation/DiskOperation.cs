using Sportall.Packager.Live;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// Work for the stream's disk writer, done in order: spill a segment (its bytes leased until written), or delete
/// a file that left the window.
/// </summary>
internal sealed record DiskOperation(string Path, string TrackId, long SegmentSequence, ReadOnlyMemory<byte> Bytes, bool Delete, SegmentLease Lease = default);
