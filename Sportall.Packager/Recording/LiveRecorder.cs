using Sportall.Packager.Live;

namespace Sportall.Packager.Recording;

/// <summary>
/// Records one packaged live (all its periods, across reconnects within the grace period) as one asset: hands
/// every init and completed segment to the spool writer, in order. Runs on the stream's feeding thread, so it
/// only queues; the bytes it queues are immutable slices the packager never writes again.
/// </summary>
internal sealed class LiveRecorder(RecordingService service, string name) : ILiveSegmentObserver
{
    private string? _assetId;

    public string? AssetId => _assetId;

    public void OnPeriodStarted(PackagedPeriod period)
    {
        if (_assetId is null)
        {
            _assetId = RecordingKeys.NewAssetId(period.WallClockStart);
            service.Post(new SpoolWork(_assetId, null, default, new RecordingJournalEntry
            {
                Kind = RecordingJournalKind.Start,
                AssetId = _assetId,
                Name = name,
                Start = period.WallClockStart,
            }));
        }
        foreach (var track in period.Tracks)
        {
            service.Post(new SpoolWork(_assetId, RecordingKeys.InitFile(track.Id, period.Index), track.InitSegment, new RecordingJournalEntry
            {
                Kind = RecordingJournalKind.Init,
                TrackId = track.Id,
                Period = period.Index,
                Info = track.Info,
                Length = track.InitSegment.Length,
            }));
        }
    }

    public void OnSegmentCompleted(CmafSegment segment, ReadOnlyMemory<byte> bytes)
    {
        if (_assetId is null || bytes.IsEmpty || segment.DurationTicks <= 0)
        {
            return;
        }
        service.Post(new SpoolWork(_assetId, RecordingKeys.SegmentFile(segment.TrackId, segment.SequenceNumber), bytes, new RecordingJournalEntry
        {
            Kind = RecordingJournalKind.Segment,
            TrackId = segment.TrackId,
            Period = segment.PeriodIndex,
            Sequence = segment.SequenceNumber,
            StartTicks = segment.StartTicks,
            DurationTicks = segment.DurationTicks,
            Timescale = segment.Timescale,
            ProgramDateTime = segment.ProgramDateTime,
            Length = bytes.Length,
        }));
    }

    public void OnEnded()
    {
        if (_assetId is not null)
        {
            service.Post(new SpoolWork(_assetId, null, default, new RecordingJournalEntry { Kind = RecordingJournalKind.End }));
        }
    }
}
