using System.Collections.Immutable;
using Sportall.Packager.Live;

namespace Sportall.Packager.Recording;

/// <summary>
/// Records one packaged live (all its periods, across reconnects within the grace period) as one asset: hands
/// every init and completed segment to the spool writer, in order. Runs on the stream's feeding thread, so it
/// only queues; the bytes it queues are immutable slices the packager never writes again, leased until spooled.
/// </summary>
internal sealed class LiveRecorder(RecordingService service, string name) : ILiveSegmentObserver
{
    private string? _assetId;
    private DvrSnapshot? _dvr;

    public string Name => name;

    public string? AssetId => _assetId;

    /// <summary>The recording so far (null before the first period); read from any thread.</summary>
    public DvrSnapshot? Dvr => Volatile.Read(ref _dvr);

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
            Volatile.Write(ref _dvr, new DvrSnapshot(_assetId, period.WallClockStart - TimeSpan.FromSeconds(period.StartSeconds), [],
                ImmutableDictionary.Create<string, ImmutableList<CmafSegment>>(StringComparer.Ordinal), Ended: false));
            service.Started(this);
        }
        var dvr = _dvr!;
        Volatile.Write(ref _dvr, dvr with { Periods = dvr.Periods.Add(period) });
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
        // The lease keeps the packager's buffer ours until the spool writer has the bytes in a file (the packager
        // holds its own reference during this call, so it cannot fail here).
        if (_assetId is null || bytes.IsEmpty || segment.DurationTicks <= 0 || !SegmentLease.TryAcquire(bytes, out var lease))
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
        }, lease));
        // The DVR list keeps timing only: the parts' bytes stay with the packager until it lets them go.
        var dvr = _dvr!;
        var list = dvr.Segments.TryGetValue(segment.TrackId, out var existing) ? existing : [];
        Volatile.Write(ref _dvr, dvr with { Segments = dvr.Segments.SetItem(segment.TrackId, list.Add(segment with { Parts = [] })) });
    }

    public void OnEnded()
    {
        if (_assetId is not null)
        {
            service.Post(new SpoolWork(_assetId, null, default, new RecordingJournalEntry { Kind = RecordingJournalKind.End }));
            Volatile.Write(ref _dvr, _dvr! with { Ended = true });
        }
    }
}
