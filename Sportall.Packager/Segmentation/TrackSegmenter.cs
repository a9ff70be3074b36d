using System.Collections.Immutable;
using Prometheus;
using Sportall.Media.Model;
using Sportall.Media.Mp4;
using Sportall.Packager.Live;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// One track's open part and open segment. Samples wait here until a cut: their payloads are copied
/// into a pooled staging buffer (the caller keeps ownership of the access unit), the descriptors into a
/// reusable array, so the per-frame path allocates nothing once the arrays have grown.
/// </summary>
internal sealed class TrackSegmenter : IDisposable
{
    private const int InitialSampleCapacity = 64;
    // Staging holds one part's payloads: ~8 KB for 0.5 s of 128 kbit/s AAC, ~200–400 KB for 3 Mbit/s video with a
    // keyframe. It starts small and doubles as a track needs, so an audio track never holds a video-sized array.
    private const int InitialStagingBytes = 16 * 1024;

    private PendingSample[] _samples = new PendingSample[InitialSampleCapacity];
    private CmafSample[] _fragmentSamples = new CmafSample[InitialSampleCapacity];
    private byte[] _staging = GC.AllocateUninitializedArray<byte>(InitialStagingBytes);
    private int _stagingLength;
    private readonly SegmentBufferWriter _segmentBuffer;
    private uint _fragmentSequence;

    private readonly string _streamName;

    public TrackSegmenter(string id, string streamName, SegmentBufferPool pool)
    {
        Id = id;
        _segmentBuffer = new SegmentBufferWriter(pool);
        _streamName = streamName;
        SegmentsCounter = PackagerMetrics.Segments.WithLabels(streamName, id);
        PartsCounter = PackagerMetrics.Parts.WithLabels(streamName, id);
        PartPublishSeconds = PackagerMetrics.PartPublishSeconds.WithLabels(streamName, id);
    }

    public string Id { get; }

    /// <summary>The configured segment target: with the encoder's announced bitrate, sizes the track's first segment.</summary>
    public int SegmentTargetMs { get; init; } = 2000;

    /// <summary>Parts in a segment at the configured targets: without a bitrate, the first part sizes the first segment.</summary>
    public int PartsPerSegment { get; init; } = 4;

    /// <summary>
    /// What the first segment will hold: the announced bitrate (onMetaData) over the segment target, an eighth above
    /// as for later segments; else the first part (a keyframe part, so rather more) times the parts per segment.
    /// </summary>
    private int FirstSegmentEstimate(int firstPartBytes)
    {
        if (Info.NominalBitrate <= 0) return (int)Math.Min(int.MaxValue, (long)firstPartBytes * PartsPerSegment);
        var bytes = (long)Info.NominalBitrate * SegmentTargetMs / 8000;
        return (int)Math.Min(int.MaxValue, bytes + bytes / 8);
    }

    public TrackInfo Info { get; set; } = null!;

    public int Timescale => Info.Timescale;

    /// <summary>Added to the period's DTS to land on the stream's continuous timeline (this track's ticks).</summary>
    public long OffsetTicks { get; set; }

    /// <summary>Samples mapped below this (the period start) are dropped.</summary>
    public long FloorTicks { get; set; }

    public bool HasLastDts { get; set; }

    /// <summary>Added mid-period: boundaries are skipped until the next segment start, so the first segment is whole.</summary>
    public bool AwaitingSegmentStart { get; set; }

    public long LastDtsTicks { get; set; }

    /// <summary>End of the last sample written into a fragment, on the stream timeline.</summary>
    public long EndTicks { get; private set; }

    /// <summary>
    /// The track's current frame interval: the last DTS delta that looked like one (0 until two samples
    /// of the period arrived). Predicts the duration of a part's last sample, so the part can close on
    /// that sample's arrival instead of waiting for its successor.
    /// </summary>
    /// <remarks>
    /// A delta more than <see cref="IntervalJumpFactor"/> times the current interval is a gap (a dropped
    /// frame, a stalled encoder), not a new frame rate, until the next delta confirms it: a one-off gap
    /// must not make the next part's last sample last a second.
    /// </remarks>
    public long FrameIntervalTicks { get; private set; }

    private const int IntervalJumpFactor = 2;

    /// <summary>DTS of the last sync sample of the period; valid when <see cref="SyncIntervalTicks"/> &gt; 0.</summary>
    public long LastSyncDtsTicks { get; private set; }

    /// <summary>Distance between the last two sync samples (the GOP length of a fixed-GOP encoder), 0 until two arrived.</summary>
    public long SyncIntervalTicks { get; private set; }

    private bool _hasSync;

    // A delta far above the interval, waiting for a second one like it to become the interval.
    private long _intervalCandidateTicks;

    public int Count { get; private set; }

    public readonly Queue<CutBoundary> Boundaries = new();

    public readonly Counter.Child SegmentsCounter;
    public readonly Counter.Child PartsCounter;
    public readonly Histogram.Child PartPublishSeconds;

    /// <summary>The open (or last) segment as published; null before the first.</summary>
    public CmafSegment? Segment { get; private set; }

    public bool SegmentOpen => Segment is { IsComplete: false };

    public ref PendingSample this[int index] => ref _samples[index];

    public void Append(long dtsTicks, int compositionOffsetTicks, bool isSync, ReadOnlySpan<byte> payload, long arrivalTimestamp)
    {
        if (Count == _samples.Length)
        {
            Array.Resize(ref _samples, _samples.Length * 2);
        }
        if (_staging.Length - _stagingLength < payload.Length)
        {
            // Grows a few times in a track's life (until its largest part fits); the outgrown array goes to the GC
            // rather than a shared pool, where arrays of every size a track passed through would stay.
            var grown = GC.AllocateUninitializedArray<byte>(Math.Max(_staging.Length * 2, _stagingLength + payload.Length));
            _staging.AsSpan(0, _stagingLength).CopyTo(grown);
            _staging = grown;
        }
        payload.CopyTo(_staging.AsSpan(_stagingLength));
        _samples[Count++] = new PendingSample
        {
            DtsTicks = dtsTicks,
            CompositionOffsetTicks = compositionOffsetTicks,
            IsSync = isSync,
            PayloadOffset = _stagingLength,
            Size = payload.Length,
            ArrivalTimestamp = arrivalTimestamp,
        };
        _stagingLength += payload.Length;
        if (HasLastDts) ObserveDelta(dtsTicks - LastDtsTicks);
        if (isSync)
        {
            if (_hasSync) SyncIntervalTicks = dtsTicks - LastSyncDtsTicks;
            LastSyncDtsTicks = dtsTicks;
            _hasSync = true;
        }
        HasLastDts = true;
        LastDtsTicks = dtsTicks;
    }

    private void ObserveDelta(long deltaTicks)
    {
        var confirmed = _intervalCandidateTicks > 0 && Math.Abs(deltaTicks - _intervalCandidateTicks) * 8 <= _intervalCandidateTicks;
        if (FrameIntervalTicks == 0 || deltaTicks <= FrameIntervalTicks * IntervalJumpFactor || confirmed)
        {
            FrameIntervalTicks = deltaTicks;
            _intervalCandidateTicks = 0;
        }
        else
        {
            _intervalCandidateTicks = deltaTicks;
        }
    }

    /// <summary>Drops the first <paramref name="count"/> samples without writing them.</summary>
    public void DropFirst(int count) => Shift(count);

    /// <summary>Index of the first held sample with DTS at or after the boundary, or <see cref="Count"/>.</summary>
    public int FirstAtOrAfter(in CutBoundary boundary)
    {
        var i = 0;
        while (i < Count && !IsAtOrAfter(_samples[i].DtsTicks, boundary)) i++;
        return i;
    }

    public bool IsAtOrAfter(long dtsTicks, in CutBoundary boundary) =>
        (Int128)dtsTicks * boundary.LeaderTimescale >= (Int128)boundary.LeaderTicks * Timescale;

    public void OpenSegment(long sequence, int periodIndex, long startTicks, DateTimeOffset programDateTime)
    {
        _segmentBuffer.StartSegment();
        Segment = new CmafSegment
        {
            TrackId = Id,
            SequenceNumber = sequence,
            PeriodIndex = periodIndex,
            StartTicks = startTicks,
            DurationTicks = 0,
            Timescale = Timescale,
            ProgramDateTime = programDateTime,
            Parts = [],
            IsComplete = false,
        };
    }

    /// <summary>
    /// Writes the first <paramref name="count"/> held samples as one fragment ending at <paramref name="endTicks"/>
    /// and appends it to the open segment as a part. Returns the new part.
    /// </summary>
    public CmafPart CutPart(int count, long endTicks)
    {
        var segment = Segment!;
        if (_fragmentSamples.Length < count) _fragmentSamples = new CmafSample[Math.Max(count, _fragmentSamples.Length * 2)];
        for (var i = 0; i < count; i++)
        {
            ref var s = ref _samples[i];
            var next = i + 1 < count ? _samples[i + 1].DtsTicks : endTicks;
            _fragmentSamples[i] = new CmafSample((uint)(next - s.DtsTicks), s.Size, s.IsSync, s.CompositionOffsetTicks);
        }
        var samples = _fragmentSamples.AsSpan(0, count);
        var payloadLength = _samples[count - 1].PayloadOffset + _samples[count - 1].Size;
        var size = checked((int)CmafFragmentWriter.ComputeSize(samples));

        _segmentBuffer.Reserve(size, FirstSegmentEstimate(size));
        var start = _segmentBuffer.Length;
        CmafFragmentWriter.Write(_segmentBuffer, ++_fragmentSequence, (ulong)_samples[0].DtsTicks, samples, _staging.AsSpan(0, payloadLength));

        var startTicks = _samples[0].DtsTicks;
        var part = new CmafPart(
            segment.SequenceNumber,
            segment.Parts.Length,
            startTicks,
            endTicks - startTicks,
            _samples[0].IsSync,
            _segmentBuffer.Slice(start, size));
        EndTicks = endTicks;

        Segment = segment with
        {
            Parts = segment.Parts.Add(part),
            DurationTicks = endTicks - segment.StartTicks,
            ByteLength = segment.ByteLength + size,
            EndExpected = false,
        };
        Shift(count);
        return part;
    }

    /// <summary>Arrival timestamp of the last sample of the part just cut (for the publish latency metric).</summary>
    public long LastCutArrivalTimestamp { get; private set; }

    /// <summary>The part just cut is the open segment's last one: the segment ends at the predicted keyframe.</summary>
    public void ExpectSegmentEnd()
    {
        if (Segment is { IsComplete: false, EndExpected: false }) Segment = Segment with { EndExpected = true };
    }

    public void RetractExpectedEnd()
    {
        if (Segment is { EndExpected: true }) Segment = Segment with { EndExpected = false };
    }

    public CmafSegment CompleteSegment()
    {
        Segment = Segment! with { IsComplete = true };
        return Segment;
    }

    /// <summary>The whole segment's bytes: one slice of the segment buffer, parts back to back.</summary>
    public ReadOnlyMemory<byte> SegmentBytes => _segmentBuffer.Slice(0, _segmentBuffer.Length);

    /// <summary>The open (or last) segment's buffer, whose reference the store takes when the segment is published.</summary>
    public SegmentBuffer? SegmentBuffer => _segmentBuffer.Buffer;

    /// <summary>Forgets held samples and the open segment (after a flush, or a period change without media).</summary>
    public void ResetPeriodState()
    {
        Count = 0;
        _stagingLength = 0;
        HasLastDts = false;
        FrameIntervalTicks = 0; // a new period may bring a new frame rate
        _intervalCandidateTicks = 0;
        _hasSync = false;
        SyncIntervalTicks = 0;
        Boundaries.Clear();
        AwaitingSegmentStart = false;
        if (Segment is { IsComplete: false }) Segment = Segment with { IsComplete = true };
    }

    private void Shift(int count)
    {
        if (count == 0) return;
        LastCutArrivalTimestamp = _samples[count - 1].ArrivalTimestamp;
        var remaining = Count - count;
        if (remaining > 0)
        {
            var payloadStart = _samples[count].PayloadOffset;
            _staging.AsSpan(payloadStart, _stagingLength - payloadStart).CopyTo(_staging);
            _stagingLength -= payloadStart;
            Array.Copy(_samples, count, _samples, 0, remaining);
            for (var i = 0; i < remaining; i++) _samples[i].PayloadOffset -= payloadStart;
        }
        else
        {
            _stagingLength = 0;
        }
        Count = remaining;
    }

    public void Dispose()
    {
        _staging = [];
        PackagerMetrics.Segments.RemoveLabelled(_streamName, Id);
        PackagerMetrics.Parts.RemoveLabelled(_streamName, Id);
        PackagerMetrics.PartPublishSeconds.RemoveLabelled(_streamName, Id);
    }
}
