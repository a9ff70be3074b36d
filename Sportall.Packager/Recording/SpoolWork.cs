using Sportall.Packager.Live;

namespace Sportall.Packager.Recording;

/// <summary>
/// One thing for the spool writer: a file to write (when <see cref="RelativePath"/> is set), then its journal line.
/// A live segment's bytes come with a lease on the packager's buffer, disposed once the spool writer is done with them.
/// </summary>
internal sealed record SpoolWork(string AssetId, string? RelativePath, ReadOnlyMemory<byte> Bytes, RecordingJournalEntry Entry, SegmentLease Lease = default);
