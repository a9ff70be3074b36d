namespace Sportall.Packager.Recording;

/// <summary>One thing for the spool writer: a file to write (when <see cref="RelativePath"/> is set), then its journal line.</summary>
internal sealed record SpoolWork(string AssetId, string? RelativePath, ReadOnlyMemory<byte> Bytes, RecordingJournalEntry Entry);
