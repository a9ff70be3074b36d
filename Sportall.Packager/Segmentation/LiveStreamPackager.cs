using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sportall.Media.Model;
using Sportall.Media.Mp4;
using Sportall.Packager.Live;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// Cuts one live stream into CMAF segments and LL-HLS parts and publishes them as immutable snapshots.
/// </summary>
/// <remarks>
/// Threading: every On* call comes from the stream's feeding thread; readers (HTTP) call the
/// <see cref="ISegmentSource"/> methods and read snapshots from any thread. Everything a reader can reach
/// is immutable once published (parts are slices of arrays that are never written again), and the byte
/// store is a concurrent dictionary whose entries are replaced whole.
///
/// Buffer lifetime. A segment's parts are slices of one pooled, reference-counted <see cref="SegmentBuffer"/>.
/// The store's in-memory entry holds the packager's reference; it is released when the segment leaves memory
/// (the disk writer swaps in its file, it leaves the window, or the stream is disposed). Readers that use the
/// bytes past the lookup (HTTP responses, the spill, the recording spool) hold a <see cref="SegmentLease"/>; the
/// arrays return to the pool after the last release, and a lease asked for after that fails, so the reader
/// looks again (and finds the file) instead of reading reused bytes.
///
/// Cutting. The leading track (the first video track, or the audio track of an audio-only stream)
/// decides every boundary; other tracks follow:
/// <code>
///  video  |K p p p p|p p p p p|p p K p p|K p p …     K = keyframe, | = part boundary, segment N starts at K
///          \_ part 0 _/\_ part 1 _/          ↑ first K at or after SegmentTargetMs: segment N+1
///  audio  |a a a a a a|a a a a a a|a a a a a a|a …   the audio part [b_prev, b) holds the samples with DTS
///                                                     before b; it is cut on the arrival of the one whose
///                                                     end (DTS + 1024) reaches b
/// </code>
/// A part closes on the arrival of its last sample, not one sample later: its duration is predicted
/// (<see cref="PredictedDurationTicks"/>), and the part is full when one more frame of that duration would
/// take it past its limit. RFC 8216bis §4.4.4.9 (EXT-X-PART-INF): "the duration of each Partial Segment MUST
/// be less than or equal to the Part Target Duration". Since an audio part may end up to one audio frame
/// later than its video boundary, the video limit is PART-TARGET minus one AAC frame when the stream has
/// audio, which keeps audio parts within PART-TARGET too. A segment ends at the first keyframe at or after
/// SegmentTargetMs; a part still open then closes at the keyframe's DTS, the one cut that waits for a sample
/// (keyframes cannot be predicted). A new segment always begins a new part.
///
/// Prediction. Video's predicted duration is the last frame interval, so timestamp jitter or a frame-rate
/// change makes the next sample's real DTS differ from the predicted end of the part before it. A published
/// part is never rewritten, and moving the next sample onto the predicted end would shift it against the
/// other tracks, so the next part's tfdt is the real DTS: a gap or overlap of the prediction error (a
/// millisecond of FLV rounding in practice), which players bridge, and no drift, since every part starts on
/// the real timeline. tfdt cannot go backwards: the next DTS exceeds the previous sample's. A sample that
/// comes so late that it no longer fits the open part (a dropped frame) closes that part at the real DTS, or
/// at the predicted end when the real one would break PART-TARGET; a gap of a video frame or more becomes
/// follower-only parts so the audio in it is neither dropped nor folded into an over-long part.
///
/// Timeline. tfdt is monotonic for the life of the stream: the first access unit of a period (a publish
/// session or a codec change) is mapped to the previous period's end (the latest end of any track,
/// rounded up per track), and every track of the period is shifted by the same stream time, each in its
/// own timescale. Samples that map before the period start or do not increase DTS are dropped.
/// </remarks>
public sealed class LiveStreamPackager : ISegmentSource, IDisposable
{
    // An AAC access unit carries 1024 samples per channel (ISO/IEC 14496-3 §4.5.2.1, frameLengthFlag 0).
    private const int AacFrameSamples = 1024;

    // A follower (audio) waits for the leader (video) to cut; 4096 AAC frames at 48 kHz are 87 s, far
    // beyond any encoder's interleave skew, so hitting the bound means the leader stopped delivering.
    private const int MaxFollowerBacklogSamples = 4096;

    // The disk writer finishes queued spills at Dispose for at most this long before the folder goes.
    private static readonly TimeSpan DiskDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly PackagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveStreamPackager> _logger;
    private readonly string _folder;

    private readonly Dictionary<string, TrackSegmenter> _tracksById = new(StringComparer.Ordinal);
    private TrackSegmenter?[] _byIndex = [];
    private TrackSegmenter[] _active = [];
    private TrackSegmenter[] _followers = [];
    private TrackSegmenter? _leader;

    private readonly ConcurrentDictionary<(string TrackId, int Period), ReadOnlyMemory<byte>> _inits = new();
    private readonly ConcurrentDictionary<(string TrackId, long Sequence), StoredSegment> _store = new();
    private readonly ConcurrentQueue<(string TrackId, long Sequence)> _spilled = new();
    private readonly Channel<DiskOperation> _disk = Channel.CreateUnbounded<DiskOperation>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _diskWriter;
    private readonly List<WindowEntry> _window = [];
    // Parts cut since the last snapshot, with their last sample's arrival: observed once the snapshot is out.
    private readonly List<(TrackSegmenter Track, long ArrivalTimestamp)> _unobservedParts = new(16);
    private double _windowSeconds;

    private long _version;
    private ImmutableArray<PackagedPeriod> _periods = [];
    private ImmutableDictionary<string, ImmutableList<CmafSegment>> _segments = ImmutableDictionary.Create<string, ImmutableList<CmafSegment>>(StringComparer.Ordinal);
    private DateTimeOffset _availabilityStart = DateTimeOffset.UnixEpoch;
    private bool _connected;
    private bool _ended;
    private int _discontinuitySequence;
    private bool _dirty;

    private bool _periodPending;
    private int _nextPeriodIndex;
    private ImmutableArray<PackagedTrack> _pendingTracks = [];
    private PackagedPeriod? _period;
    private long _streamEnd100ns;
    private long _nextSequence = 1;
    private long _segmentTargetTicks;
    private long _partLimitTicks;
    private long _droppedUnits;
    private bool _disposed;

    /// <param name="continuation">
    /// Numbering to start from instead of sequence 1, period 0 (a stream taken over from another node); its
    /// first period then carries its index as the discontinuity sequence.
    /// </param>
    public LiveStreamPackager(PackagedStream stream, PackagerOptions options, TimeProvider time, ILogger<LiveStreamPackager> logger,
        PackagerContinuation? continuation = null)
    {
        if (continuation is { } start)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(start.NextSequence, 1, nameof(continuation));
            ArgumentOutOfRangeException.ThrowIfNegative(start.NextPeriodIndex, nameof(continuation));
            _nextSequence = start.NextSequence;
            _nextPeriodIndex = start.NextPeriodIndex;
            _discontinuitySequence = start.NextPeriodIndex;
        }
        Stream = stream;
        _options = options;
        _time = time;
        _logger = logger;
        _folder = Path.Combine(options.DataPath, "live", stream.Name);
        _diskWriter = Task.Run(RunDiskWriterAsync);
        stream.Source = this;
    }

    public PackagedStream Stream { get; }

    /// <summary>
    /// The numbering the next segment and period will take; safe to read from any thread (a value a frame
    /// old at worst), for recording where a stream stands so another node can continue it.
    /// </summary>
    public PackagerContinuation Position => new(Volatile.Read(ref _nextSequence), Volatile.Read(ref _nextPeriodIndex));

    /// <summary>Told of every period start, completed segment and the end (the recorder); set before the first <see cref="OnTracks"/>.</summary>
    public ILiveSegmentObserver? Observer { get; set; }

    /// <summary>Where segment buffers come from and go back to; set before the first <see cref="OnTracks"/> (tests use their own).</summary>
    internal SegmentBufferPool BufferPool { get; set; } = SegmentBufferPool.Shared;

    /// <summary>First call: the first period. Later calls (new publish session, codec change): a new period.</summary>
    public void OnTracks(IReadOnlyList<TrackInfo> tracks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_active.Length > 0) FlushPeriod();

        var periodIndex = _nextPeriodIndex;
        TrackSegmenter? video = null, audio = null;
        var maxIndex = -1;
        var packaged = ImmutableArray.CreateBuilder<PackagedTrack>();
        var active = new List<TrackSegmenter>();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in tracks)
        {
            // Further video tracks are renditions of the same picture (a transcoding ladder): they follow
            // the first one's cuts like audio does. A second audio track has no rendition group semantics yet.
            if ((info.Kind == MediaKind.Audio && audio is not null) || info.Index < 0)
            {
                LiveStreamPackagerLog.TrackIgnored(_logger, Stream.Name, info.Index, info.Kind);
                continue;
            }
            var id = info.Kind == MediaKind.Video && video is not null ? TrackIds.ForRendition(info, usedIds) : TrackIds.For(info.Kind);
            usedIds.Add(id);
            var track = ActivateTrack(id, info, periodIndex, packaged);
            if (info.Kind == MediaKind.Video) video ??= track; else audio = track;
            active.Add(track);
            maxIndex = Math.Max(maxIndex, info.Index);
        }

        _byIndex = new TrackSegmenter?[maxIndex + 1];
        foreach (var track in active) _byIndex[track.Info.Index] = track;
        _active = [.. active];
        _leader = video ?? audio;
        _followers = [.. active.Where(t => t != _leader)];
        if (_leader is not null)
        {
            var ts = _leader.Timescale;
            _segmentTargetTicks = (long)_options.SegmentTargetMs * ts / 1000;
            var partTargetTicks = (long)_options.PartTargetMs * ts / 1000;
            var audioMargin = _leader == video && audio is not null ? CeilDiv((long)AacFrameSamples * ts, audio.Timescale) : 0;
            _partLimitTicks = Math.Max(1, partTargetTicks - audioMargin);
        }
        _pendingTracks = packaged.ToImmutable();
        _periodPending = true;
        _connected = true;
        Publish();
    }

    /// <summary>
    /// Adds video renditions (a transcoder's outputs) to the current period without starting a new one, so
    /// the passthrough rendition plays on without a discontinuity. Their samples must carry the leading
    /// track's timeline: keyframes at the leader's keyframes with the same DTS (the transcoder maps them),
    /// so every rendition's segment N starts at the same tfdt. A rendition that joins mid-segment holds its
    /// samples until the next segment starts, so its first segment is whole and aligned too.
    /// Ignored without a current period or a leading video track; a track whose index is taken is ignored.
    /// </summary>
    public void AddTracks(IReadOnlyList<TrackInfo> tracks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var leader = _leader;
        if (leader is null || leader.Info.Kind != MediaKind.Video) return;
        var periodIndex = _periodPending ? _nextPeriodIndex : _period!.Index;
        var usedIds = new HashSet<string>(_active.Select(t => t.Id), StringComparer.Ordinal);
        var packaged = ImmutableArray.CreateBuilder<PackagedTrack>();
        var added = new List<TrackSegmenter>();
        foreach (var info in tracks)
        {
            if (info.Kind != MediaKind.Video || info.Index < 0
                || (info.Index < _byIndex.Length && _byIndex[info.Index] is not null))
            {
                LiveStreamPackagerLog.TrackIgnored(_logger, Stream.Name, info.Index, info.Kind);
                continue;
            }
            var id = TrackIds.ForRendition(info, usedIds);
            usedIds.Add(id);
            var track = ActivateTrack(id, info, periodIndex, packaged);
            if (!_periodPending)
            {
                // The period's stream-time shift, in this track's timescale (StartPeriod does the same for
                // the tracks present at the start).
                track.OffsetTicks = (long)((Int128)leader.OffsetTicks * track.Timescale / leader.Timescale);
                track.FloorTicks = Math.Max((long)((Int128)leader.FloorTicks * track.Timescale / leader.Timescale), track.EndTicks);
                track.AwaitingSegmentStart = true;
            }
            added.Add(track);
        }
        if (added.Count == 0) return;
        var maxIndex = Math.Max(_byIndex.Length - 1, added.Max(t => t.Info.Index));
        var byIndex = new TrackSegmenter?[maxIndex + 1];
        _byIndex.CopyTo(byIndex, 0);
        foreach (var track in added) byIndex[track.Info.Index] = track;
        _byIndex = byIndex;
        _active = [.. _active, .. added];
        _followers = [.. _followers, .. added];
        if (_periodPending)
        {
            _pendingTracks = _pendingTracks.AddRange(packaged);
        }
        else
        {
            _period = _period! with { Tracks = _period.Tracks.AddRange(packaged) };
            _periods = _periods.SetItem(_periods.Length - 1, _period);
            LiveStreamPackagerLog.TracksAdded(_logger, Stream.Name, _period.Index, string.Join(",", added.Select(t => t.Id)));
        }
        Publish();
    }

    private TrackSegmenter ActivateTrack(string id, TrackInfo info, int periodIndex, ImmutableArray<PackagedTrack>.Builder packaged)
    {
        if (!_tracksById.TryGetValue(id, out var track))
        {
            track = new TrackSegmenter(id, Stream.Name, BufferPool)
            {
                SegmentTargetMs = _options.SegmentTargetMs,
                PartsPerSegment = Math.Max(1, (int)CeilDiv(_options.SegmentTargetMs, Math.Max(1, _options.PartTargetMs))),
            };
            _tracksById.Add(id, track);
        }
        track.Info = info;
        track.ResetPeriodState();
        var init = CmafInitSegmentWriter.Create(info);
        _inits[(id, periodIndex)] = init;
        packaged.Add(new PackagedTrack(id, info, init));
        return track;
    }

    /// <summary>Does not take ownership of <c>unit.Payload</c>: the bytes are copied, the caller releases.</summary>
    public void OnAccessUnit(in AccessUnit unit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)unit.TrackIndex >= (uint)_byIndex.Length) return;
        var track = _byIndex[unit.TrackIndex];
        if (track is null) return;
        if (_periodPending) StartPeriod(unit);

        var dts = unit.DtsTicks;
        var compositionOffset = unit.CompositionOffsetTicks;
        if (unit.Timescale != track.Timescale && unit.Timescale > 0)
        {
            dts = dts * track.Timescale / unit.Timescale;
            compositionOffset = (int)((long)compositionOffset * track.Timescale / unit.Timescale);
        }
        var t = dts + track.OffsetTicks;
        if (track.HasLastDts && t == track.LastDtsTicks && t >= track.FloorTicks)
        {
            // Two frames on one timestamp: FLV carries milliseconds, and an encoder looping a file or
            // rounding at a seam can repeat one. Keeping the frame one tick later (same presentation
            // time) costs nothing visible; dropping it would break the GOP until the next keyframe.
            t++;
            compositionOffset--;
        }
        if (t < track.FloorTicks || (track.HasLastDts && t <= track.LastDtsTicks))
        {
            _droppedUnits++;
            return;
        }
        var arrival = _time.GetTimestamp();
        var isSync = unit.IsKeyframe || track.Info.Kind == MediaKind.Audio;
        var payload = unit.Payload.Span;

        if (track == _leader)
        {
            OnLeaderSample(track, t, compositionOffset, isSync, payload, arrival);
        }
        else
        {
            track.Append(t, compositionOffset, isSync, payload, arrival);
            if (track.Count > MaxFollowerBacklogSamples)
            {
                var excess = track.Count - MaxFollowerBacklogSamples;
                track.DropFirst(excess);
                LiveStreamPackagerLog.FollowerBacklogDropped(_logger, Stream.Name, track.Id, excess);
            }
            DrainFollower(track, flushing: false);
        }
        if (_dirty) Publish();
    }

    /// <summary>The encoder is gone: pending samples go out as a final part and segment.</summary>
    public void OnPublisherLost()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_active.Length > 0) FlushPeriod();
        _connected = false;
        LiveStreamPackagerLog.PublisherLost(_logger, Stream.Name);
        Publish();
    }

    /// <summary>The reconnect grace period is over: the stream is complete (ENDLIST, static MPD).</summary>
    public void OnEnded()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_active.Length > 0) FlushPeriod();
        _connected = false;
        _ended = true;
        Publish();
        Observer?.OnEnded();
    }

    public bool TryGetInit(string trackId, int periodIndex, out ReadOnlyMemory<byte> data) =>
        _inits.TryGetValue((trackId, periodIndex), out data);

    public bool TryGetPart(string trackId, long segmentSequence, int partIndex, out ReadOnlyMemory<byte> data)
    {
        if (_store.TryGetValue((trackId, segmentSequence), out var stored) && stored.InMemory
            && (uint)partIndex < (uint)stored.Segment.Parts.Length)
        {
            data = stored.Segment.Parts[partIndex].Data;
            return true;
        }
        data = default;
        return false;
    }

    public bool TryGetSegment(string trackId, long segmentSequence, out SegmentLocation location)
    {
        if (_store.TryGetValue((trackId, segmentSequence), out var stored) && stored.Segment.IsComplete)
        {
            location = stored.InMemory
                ? new SegmentLocation(stored.Bytes, null, stored.Bytes.Length)
                : new SegmentLocation(default, stored.FilePath, stored.Segment.ByteLength);
            return true;
        }
        location = default;
        return false;
    }

    private void StartPeriod(in AccessUnit first)
    {
        var start100ns = _streamEnd100ns;
        foreach (var track in _active)
        {
            var ts = track.Timescale;
            var startTicks = CeilDiv(start100ns * ts, TimeSpan.TicksPerSecond);
            var originTicks = (long)((Int128)first.DtsTicks * ts / Math.Max(first.Timescale, 1));
            track.OffsetTicks = startTicks - originTicks;
            track.FloorTicks = Math.Max(startTicks, track.EndTicks);
            track.HasLastDts = false;
        }
        var wallClock = _time.GetUtcNow();
        var startSeconds = (double)start100ns / TimeSpan.TicksPerSecond;
        if (_period is null) _availabilityStart = wallClock - TimeSpan.FromTicks(start100ns);
        _period = new PackagedPeriod(_nextPeriodIndex++, wallClock, startSeconds, _pendingTracks);
        _periods = _periods.Add(_period);
        _periodPending = false;
        _dirty = true;
        Observer?.OnPeriodStarted(_period);
        LiveStreamPackagerLog.PeriodStarted(_logger, Stream.Name, _period.Index, startSeconds, string.Join(",", _pendingTracks.Select(t => t.Id)));
    }

    private void OnLeaderSample(TrackSegmenter leader, long t, int compositionOffset, bool isSync, ReadOnlySpan<byte> payload, long arrival)
    {
        if (!leader.SegmentOpen)
        {
            if (!isSync)
            {
                _droppedUnits++; // nothing decodes before the first keyframe
                return;
            }
            OpenLeaderSegment(leader, t);
        }
        else
        {
            var segmentCut = isSync && t - leader.Segment!.StartTicks >= _segmentTargetTicks;
            if (!segmentCut && leader.Segment.EndExpected) RetractExpectedEnd(leader);
            var frame = PredictedDurationTicks(leader);
            // The open part was not full by prediction. A keyframe that ends the segment closes it (the one
            // cut that waits for a sample it cannot predict); so does a sample that no longer fits because
            // it came later than predicted (a gap, a slower frame rate).
            if (leader.Count > 0 && (segmentCut || t + Math.Max(frame, t - leader.LastDtsTicks) - leader[0].DtsTicks > _partLimitTicks))
            {
                if (t - leader[0].DtsTicks <= _partLimitTicks)
                    EndLeaderPart(leader, leader.Count, t, segmentCut ? CutBoundaryKind.SegmentEnd : CutBoundaryKind.PartEnd);
                else
                    EndLeaderPart(leader, leader.Count, leader.LastDtsTicks + frame, CutBoundaryKind.PartEnd); // a gap: PART-TARGET holds
            }
            if (leader.SegmentOpen && leader.Count == 0)
            {
                // The last part is out with a predicted (or capped) end; this sample's real DTS starts the
                // next one whatever the prediction was: see "Prediction" above.
                FillFollowerGap(leader, leader.EndTicks, t);
                if (segmentCut) EndLeaderPart(leader, 0, t, CutBoundaryKind.SegmentEnd);
            }
            if (segmentCut) OpenLeaderSegment(leader, t);
        }
        leader.Append(t, compositionOffset, isSync, payload, arrival);
        CloseLeaderPartIfFull(leader);
    }

    /// <summary>
    /// Closes the open part on the arrival of its last sample: when one more frame of the predicted
    /// duration would take it past the part limit; when the next frame is predicted to be the keyframe that
    /// ends the segment; or (audio-only streams, where every sample may start a segment) when the segment
    /// has reached its target.
    /// </summary>
    private void CloseLeaderPartIfFull(TrackSegmenter leader)
    {
        var frame = PredictedDurationTicks(leader);
        var end = leader[leader.Count - 1].DtsTicks + frame;
        var segmentDue = end - leader.Segment!.StartTicks >= _segmentTargetTicks;
        if (leader.Info.Kind == MediaKind.Audio && segmentDue)
        {
            EndLeaderPart(leader, leader.Count, end, CutBoundaryKind.SegmentEnd);
        }
        else if (segmentDue && IsKeyframeDue(leader, end, frame))
        {
            EndLeaderPart(leader, leader.Count, end, CutBoundaryKind.PartEnd, segmentEndExpected: true);
        }
        else if (end + frame - leader[0].DtsTicks > _partLimitTicks)
        {
            EndLeaderPart(leader, leader.Count, end, CutBoundaryKind.PartEnd);
        }
    }

    /// <summary>
    /// The keyframe predicted to end the open segment did not come (scene-cut keyframes, a changed GOP): the
    /// segment goes on, so the next part is this segment's after all and the preload hint names it again.
    /// </summary>
    private void RetractExpectedEnd(TrackSegmenter leader)
    {
        var sequence = leader.Segment!.SequenceNumber;
        foreach (var track in _active)
        {
            if (track.Segment is { IsComplete: false, EndExpected: true } open && open.SequenceNumber == sequence)
            {
                track.RetractExpectedEnd();
                PublishSegment(track);
            }
        }
    }

    /// <summary>
    /// A fixed-GOP encoder (every live encoder set up for HLS) sends its next keyframe one GOP after the
    /// last. Predicting it lets the segment's last part close on its own last frame rather than wait one
    /// frame interval for the keyframe, and gives the followers that boundary early (their sample reaching
    /// it usually arrives before the keyframe). The segment itself still completes when the keyframe comes.
    /// A wrong guess (scene-cut keyframes, a changed GOP) costs one short part: parts may be shorter than
    /// PART-TARGET, and the next frame simply starts the next part.
    /// </summary>
    private static bool IsKeyframeDue(TrackSegmenter leader, long endTicks, long frameTicks) =>
        leader.SyncIntervalTicks > 0
        && Math.Abs(endTicks - (leader.LastSyncDtsTicks + leader.SyncIntervalTicks)) * 2 < frameTicks;

    /// <summary>
    /// The leader moved on from <paramref name="endTicks"/> (its last part's end) to <paramref name="nextTicks"/>.
    /// A gap of a frame or more (dropped video frames while audio went on) becomes follower-only parts, each
    /// within the part limit, so the followers' samples in it neither wait for the next video part nor make
    /// it longer than PART-TARGET. Smaller differences (timestamp jitter) are left to the next part.
    /// </summary>
    private void FillFollowerGap(TrackSegmenter leader, long endTicks, long nextTicks)
    {
        if (_followers.Length == 0 || nextTicks - endTicks < PredictedDurationTicks(leader)) return;
        for (var b = endTicks + _partLimitTicks; b < nextTicks; b += _partLimitTicks) SignalFollowers(leader, CutBoundaryKind.PartEnd, b);
        SignalFollowers(leader, CutBoundaryKind.PartEnd, nextTicks);
    }

    private void OpenLeaderSegment(TrackSegmenter leader, long startTicks)
    {
        var sequence = _nextSequence++;
        var period = _period!;
        leader.OpenSegment(sequence, period.Index, startTicks, ProgramDateTime(leader, startTicks));
        foreach (var follower in _followers)
        {
            follower.Boundaries.Enqueue(new CutBoundary(CutBoundaryKind.SegmentStart, startTicks, leader.Timescale, sequence, period.Index));
            DrainFollower(follower, flushing: false);
        }
    }

    /// <summary>
    /// Cuts the first <paramref name="count"/> held samples as a part ending at <paramref name="endTicks"/>
    /// (none: the segment's last part is already out and only its end is news) and hands the boundary to the followers.
    /// </summary>
    private void EndLeaderPart(TrackSegmenter leader, int count, long endTicks, CutBoundaryKind kind, bool segmentEndExpected = false)
    {
        if (count > 0) CutPart(leader, count, endTicks);
        var completes = kind is CutBoundaryKind.SegmentEnd or CutBoundaryKind.Final;
        if (completes) CompleteSegment(leader);
        else if (segmentEndExpected) leader.ExpectSegmentEnd();
        PublishSegment(leader);
        SignalFollowers(leader, kind, endTicks, segmentEndExpected);
        if (completes) OnSequenceCompleted(leader.Segment!);
    }

    private void SignalFollowers(TrackSegmenter leader, CutBoundaryKind kind, long ticks, bool segmentEndExpected = false)
    {
        foreach (var follower in _followers)
        {
            follower.Boundaries.Enqueue(new CutBoundary(kind, ticks, leader.Timescale, leader.Segment!.SequenceNumber, _period!.Index, segmentEndExpected));
            DrainFollower(follower, flushing: kind == CutBoundaryKind.Final);
        }
    }

    private void DrainFollower(TrackSegmenter follower, bool flushing)
    {
        while (follower.Boundaries.TryPeek(out var boundary))
        {
            if (follower.AwaitingSegmentStart)
            {
                // Joined mid-segment: the cuts of the segment in progress are not this track's.
                if (boundary.Kind != CutBoundaryKind.SegmentStart)
                {
                    follower.Boundaries.Dequeue();
                    continue;
                }
                follower.AwaitingSegmentStart = false;
            }
            if (boundary.Kind == CutBoundaryKind.SegmentStart)
            {
                follower.DropFirst(follower.FirstAtOrAfter(boundary));
                if (follower.Count == 0 && !flushing) return; // a sample at or after the start must arrive first
            }
            else
            {
                var count = boundary.Kind == CutBoundaryKind.Final ? follower.Count : follower.FirstAtOrAfter(boundary);
                if (count == follower.Count && boundary.Kind != CutBoundaryKind.Final && !flushing
                    && !(follower.HasLastDts && follower.IsAtOrAfter(follower.LastDtsTicks + PredictedDurationTicks(follower), boundary)))
                {
                    return; // the last sample does not reach the boundary: the part may still grow
                }
                // A successor's real DTS ends the part when one is here (the leader was behind); else the prediction.
                var endTicks = count < follower.Count
                    ? follower[count].DtsTicks
                    : count > 0 ? follower[count - 1].DtsTicks + PredictedDurationTicks(follower) : 0;
                FollowerCut(follower, count, endTicks, boundary);
            }
            follower.Boundaries.Dequeue();
        }
    }

    private void FollowerCut(TrackSegmenter follower, int count, long endTicks, in CutBoundary boundary)
    {
        var changed = false;
        if (count > 0)
        {
            if (!follower.SegmentOpen || follower.Segment!.SequenceNumber != boundary.SegmentSequence)
            {
                if (follower.SegmentOpen) CompleteSegment(follower);
                var start = follower[0].DtsTicks;
                follower.OpenSegment(boundary.SegmentSequence, boundary.PeriodIndex, start, ProgramDateTime(follower, start));
            }
            CutPart(follower, count, endTicks);
            if (boundary.SegmentEndExpected) follower.ExpectSegmentEnd();
            changed = true;
        }
        if (boundary.Kind is CutBoundaryKind.SegmentEnd or CutBoundaryKind.Final
            && follower.SegmentOpen && follower.Segment!.SequenceNumber == boundary.SegmentSequence)
        {
            CompleteSegment(follower);
            changed = true;
        }
        if (changed) PublishSegment(follower);
    }

    private void CutPart(TrackSegmenter track, int count, long endTicks)
    {
        track.CutPart(count, endTicks);
        track.PartsCounter.Inc();
        _unobservedParts.Add((track, track.LastCutArrivalTimestamp));
    }

    private void CompleteSegment(TrackSegmenter track)
    {
        var segment = track.CompleteSegment();
        track.SegmentsCounter.Inc();
        Observer?.OnSegmentCompleted(segment, track.SegmentBytes);
    }

    private void PublishSegment(TrackSegmenter track)
    {
        var segment = track.Segment!;
        var list = _segments.TryGetValue(track.Id, out var existing) ? existing : [];
        list = list.Count > 0 && list[^1].SequenceNumber == segment.SequenceNumber
            ? list.SetItem(list.Count - 1, segment)
            : list.Add(segment);
        _segments = _segments.SetItem(track.Id, list);
        var key = (track.Id, segment.SequenceNumber);
        var buffer = track.SegmentBuffer;
        _store.TryGetValue(key, out var previous);
        _store[key] = new StoredSegment(segment, track.SegmentBytes, null, buffer);
        // Only a segment republished under its number in a fresh buffer drops one; the same segment's next part keeps it.
        if (previous is { InMemory: true, Buffer: { } replaced } && replaced != buffer) replaced.Release();
        _dirty = true;
    }

    private void FlushPeriod()
    {
        var leader = _leader;
        if (leader is not null && leader.SegmentOpen)
        {
            var end = leader.Count > 0 ? leader[leader.Count - 1].DtsTicks + PredictedDurationTicks(leader) : leader.EndTicks;
            EndLeaderPart(leader, leader.Count, end, CutBoundaryKind.Final);
        }
        foreach (var track in _active)
        {
            if (track != leader && track.SegmentOpen)
            {
                CompleteSegment(track);
                PublishSegment(track);
            }
            track.ResetPeriodState();
            _streamEnd100ns = Math.Max(_streamEnd100ns, CeilDiv(track.EndTicks * TimeSpan.TicksPerSecond, track.Timescale));
        }
        if (_droppedUnits > 0)
        {
            LiveStreamPackagerLog.UnitsDropped(_logger, Stream.Name, _period?.Index ?? -1, _droppedUnits);
            _droppedUnits = 0;
        }
        _active = [];
        _followers = [];
        _byIndex = [];
        _leader = null;
        _periodPending = false;
    }

    /// <summary>
    /// Duration of a sample whose successor has not arrived. AAC: exactly one frame (AudioSpecificConfig
    /// frame length 1024; ingest stamps AAC with a sample clock, so real durations are exact too). Video:
    /// the track's current frame interval, else the announced frame rate, else 1/30 s.
    /// </summary>
    private static long PredictedDurationTicks(TrackSegmenter track)
    {
        var info = track.Info;
        if (info.Codec == CodecId.Aac)
        {
            var sampleRate = info.SampleRate > 0 ? info.SampleRate : track.Timescale;
            return Math.Max(1, (long)AacFrameSamples * track.Timescale / sampleRate);
        }
        if (track.FrameIntervalTicks > 0) return track.FrameIntervalTicks;
        var fps = info.FrameRate > 0 ? info.FrameRate : 30;
        return Math.Max(1, (long)(track.Timescale / fps));
    }

    private void OnSequenceCompleted(CmafSegment leaderSegment)
    {
        var end = (double)(leaderSegment.StartTicks + leaderSegment.DurationTicks) / leaderSegment.Timescale;
        _window.Add(new WindowEntry(leaderSegment.SequenceNumber, leaderSegment.PeriodIndex, leaderSegment.DurationSeconds, end));
        _windowSeconds += leaderSegment.DurationSeconds;

        while (_window.Count > 1 && _windowSeconds > _options.LiveWindowSeconds)
        {
            var oldest = _window[0];
            _window.RemoveAt(0);
            _windowSeconds -= oldest.DurationSeconds;
            RemoveSequence(oldest);
        }

        // Complete segments whose end is older than the memory window go to disk; readers switch to the file once written.
        foreach (var entry in _window)
        {
            if (entry.Spilled || end - entry.EndSeconds < _options.MemoryWindowSeconds) continue;
            entry.Spilled = true;
            foreach (var trackId in _segments.Keys)
            {
                // The store's reference keeps the buffer alive here (this thread is the only one that evicts), so the
                // lease for the write cannot fail; the disk writer may still find the entry evicted when it gets to it.
                if (_store.TryGetValue((trackId, entry.Sequence), out var stored) && stored.Segment.IsComplete && stored.InMemory
                    && SegmentLease.TryAcquire(stored.Bytes, out var lease))
                {
                    var spill = new DiskOperation(SegmentPath(trackId, entry.Sequence), trackId, entry.Sequence, stored.Bytes, Delete: false, lease);
                    if (!_disk.Writer.TryWrite(spill)) lease.Dispose();
                }
            }
        }

        // Periods without segments in the window leave it; each one that leaves is one discontinuity fewer in the playlist.
        var oldestPeriod = _window.Count > 0 ? _window[0].PeriodIndex : _period!.Index;
        var removed = 0;
        while (removed < _periods.Length - 1 && _periods[removed].Index < oldestPeriod) removed++;
        if (removed > 0)
        {
            for (var i = 0; i < removed; i++)
            {
                foreach (var track in _periods[i].Tracks) _inits.TryRemove((track.Id, _periods[i].Index), out _);
            }
            _periods = _periods.RemoveRange(0, removed);
            _discontinuitySequence += removed;
        }
    }

    private void RemoveSequence(WindowEntry entry)
    {
        foreach (var (trackId, list) in _segments)
        {
            var drop = 0;
            while (drop < list.Count && list[drop].SequenceNumber <= entry.Sequence) drop++;
            if (drop == 0) continue;
            for (var i = 0; i < drop; i++)
            {
                var sequence = list[i].SequenceNumber;
                if (_store.TryRemove((trackId, sequence), out var removed) && removed.InMemory) removed.Buffer?.Release();
                _disk.Writer.TryWrite(new DiskOperation(SegmentPath(trackId, sequence), trackId, sequence, default, Delete: true));
            }
            _segments = _segments.SetItem(trackId, list.RemoveRange(0, drop));
        }
    }

    private string SegmentPath(string trackId, long sequence) =>
        Path.Combine(_folder, trackId, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".m4s");

    private async Task RunDiskWriterAsync()
    {
        await foreach (var op in _disk.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (op.Delete)
                {
                    File.Delete(op.Path); // no-op when the segment never reached disk
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(op.Path)!);
                await using (var file = new FileStream(op.Path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous))
                {
                    await file.WriteAsync(op.Bytes).ConfigureAwait(false);
                }
                // Readers get the path only after the file is whole; then the store lets the buffer go (readers
                // that leased it keep it until they are done) and the next snapshot drops the parts' bytes.
                var key = (op.TrackId, op.SegmentSequence);
                if (_store.TryGetValue(key, out var stored) && stored.InMemory
                    && _store.TryUpdate(key, stored with { Bytes = default, FilePath = op.Path, Buffer = null }, stored))
                {
                    stored.Buffer?.Release();
                    _spilled.Enqueue(key);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LiveStreamPackagerLog.DiskOperationFailed(_logger, e, Stream.Name, op.Path);
            }
            finally
            {
                op.Lease.Dispose();
            }
        }
    }

    private void Publish()
    {
        PublishSnapshot();
        // Part availability latency: a part is servable once the snapshot that lists it is out.
        foreach (var (track, arrival) in _unobservedParts) track.PartPublishSeconds.Observe(_time.GetElapsedTime(arrival).TotalSeconds);
        _unobservedParts.Clear();
    }

    private void PublishSnapshot()
    {
        while (_spilled.TryDequeue(out var key))
        {
            if (!_segments.TryGetValue(key.TrackId, out var list)) continue;
            for (var i = 0; i < list.Count; i++)
            {
                var segment = list[i];
                if (segment.SequenceNumber != key.Sequence) continue;
                var parts = segment.Parts.ToBuilder();
                for (var p = 0; p < parts.Count; p++) parts[p] = parts[p] with { Data = default };
                _segments = _segments.SetItem(key.TrackId, list.SetItem(i, segment with { Parts = parts.MoveToImmutable() }));
                break;
            }
        }
        _dirty = false;
        Stream.Publish(new StreamSnapshot
        {
            Version = ++_version,
            Periods = _periods,
            Segments = _segments,
            AvailabilityStart = _availabilityStart,
            Ended = _ended,
            PublisherConnected = _connected,
            DiscontinuitySequence = _discontinuitySequence,
        });
    }

    /// <summary>Wall clock of a sample: the period's wall-clock start plus the sample's stream time since the period start.</summary>
    private DateTimeOffset ProgramDateTime(TrackSegmenter track, long ticks)
    {
        var period = _period!;
        return period.WallClockStart + TimeSpan.FromSeconds((double)ticks / track.Timescale - period.StartSeconds);
    }

    private static long CeilDiv(long numerator, long denominator) => (numerator + denominator - 1) / denominator;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _disk.Writer.TryComplete();
        _diskWriter.Wait(DiskDrainTimeout);
        foreach (var track in _tracksById.Values) track.Dispose();
        // One by one, so a disk writer still running (past the drain timeout) cannot release an entry a second time.
        foreach (var key in _store.Keys)
        {
            if (_store.TryRemove(key, out var removed) && removed.InMemory) removed.Buffer?.Release();
        }
        _inits.Clear();
        try
        {
            if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LiveStreamPackagerLog.DiskOperationFailed(_logger, e, Stream.Name, _folder);
        }
    }
}
