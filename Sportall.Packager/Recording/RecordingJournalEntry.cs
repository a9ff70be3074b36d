using Sportall.Media.Model;

namespace Sportall.Packager.Recording;

/// <summary>
/// One line of <c>journal.jsonl</c> in a recording's spool folder. A line is appended only once the file it
/// describes is whole on disk, so after a crash every journalled file is usable and a torn last line is the
/// only damage to expect.
/// </summary>
public sealed record RecordingJournalEntry
{
    public required RecordingJournalKind Kind { get; init; }

    public string? AssetId { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset? Start { get; init; }

    public string? TrackId { get; init; }

    public int Period { get; init; }

    public TrackInfo? Info { get; init; }

    public long Sequence { get; init; }

    public long StartTicks { get; init; }

    public long DurationTicks { get; init; }

    public int Timescale { get; init; }

    public DateTimeOffset? ProgramDateTime { get; init; }

    public long Length { get; init; }
}
