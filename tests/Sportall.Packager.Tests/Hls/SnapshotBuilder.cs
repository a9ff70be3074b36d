using System.Collections.Immutable;
using Sportall.Media.Model;
using Sportall.Packager.Live;

namespace Sportall.Packager.Tests.Hls;

/// <summary>
/// Builds stream snapshots by hand the way the segmenter publishes them: tracks "video" (90 kHz) and
/// "audio" (48 kHz) cut together, 2 s segments of four 0.5 s parts, tfdt = stream time, program date
/// time = availability start + stream time, a new period after a reconnect gap.
/// </summary>
internal sealed class SnapshotBuilder
{
    public static readonly DateTimeOffset AvailabilityStart = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    public static readonly TrackInfo VideoInfo = new()
    {
        Index = 0,
        Kind = MediaKind.Video,
        Codec = CodecId.H264,
        Timescale = 90000,
        CodecConfig = [],
        CodecString = "avc1.64001F",
        Width = 1280,
        Height = 720,
        FrameRate = 25,
    };

    public static readonly TrackInfo AudioInfo = new()
    {
        Index = 1,
        Kind = MediaKind.Audio,
        Codec = CodecId.Aac,
        Timescale = 48000,
        CodecConfig = [0x11, 0x90],
        CodecString = "mp4a.40.2",
        SampleRate = 48000,
        ChannelCount = 2,
    };

    public const int PartsPerSegment = 4;
    public const double SegmentSeconds = 2.0;

    private readonly List<(string Id, TrackInfo Info)> _tracks = [];
    private readonly Dictionary<string, List<CmafSegment>> _segments = new(StringComparer.Ordinal);
    private readonly List<PackagedPeriod> _periods = [];
    private long _version;
    private long _nextMsn;
    private double _streamSeconds;
    private int _droppedPeriods;

    public SnapshotBuilder(bool video = true, bool audio = true, long firstMsn = 0, double startSeconds = 0)
    {
        if (video)
        {
            _tracks.Add(("video", VideoInfo));
        }
        if (audio)
        {
            _tracks.Add(("audio", AudioInfo));
        }
        foreach (var (id, _) in _tracks)
        {
            _segments[id] = [];
        }
        _nextMsn = firstMsn;
        _streamSeconds = startSeconds;
        StartPeriod(0);
    }

    public IReadOnlyList<(string Id, TrackInfo Info)> Tracks => _tracks;

    /// <summary>Adds one more video track (a transcoded rendition) to the current period.</summary>
    public SnapshotBuilder AddVideoRendition(string id, TrackInfo info)
    {
        _tracks.Add((id, info));
        _segments[id] = [];
        var current = _periods[^1];
        _periods[^1] = current with { Tracks = current.Tracks.Add(new PackagedTrack(id, info, InitBytes(id, current.Index))) };
        return this;
    }

    /// <summary>A reconnect: the stream time jumps by <paramref name="gapSeconds"/> and a new period starts.</summary>
    public SnapshotBuilder StartPeriod(double gapSeconds)
    {
        CompleteInProgress();
        _streamSeconds += gapSeconds;
        int index = _periods.Count + _droppedPeriods;
        var tracks = ImmutableArray.CreateBuilder<PackagedTrack>();
        foreach (var (id, info) in _tracks)
        {
            tracks.Add(new PackagedTrack(id, info, InitBytes(id, index)));
        }
        _periods.Add(new PackagedPeriod(index, AvailabilityStart.AddSeconds(_streamSeconds), _streamSeconds, tracks.ToImmutable()));
        return this;
    }

    public SnapshotBuilder AddSegments(int count)
    {
        for (int i = 0; i < count; i++)
        {
            AddParts(PartsPerSegment);
            CompleteInProgress();
        }
        return this;
    }

    /// <summary>Publishes <paramref name="count"/> more parts of the in-progress segment (starting it if needed).</summary>
    public SnapshotBuilder AddParts(int count, double partSeconds = SegmentSeconds / PartsPerSegment)
    {
        foreach (var (id, info) in _tracks)
        {
            var list = _segments[id];
            CmafSegment segment;
            if (list.Count > 0 && !list[^1].IsComplete)
            {
                segment = list[^1];
                list.RemoveAt(list.Count - 1);
            }
            else
            {
                segment = new CmafSegment
                {
                    TrackId = id,
                    SequenceNumber = _nextMsn,
                    PeriodIndex = _periods[^1].Index,
                    StartTicks = (long)Math.Round(_streamSeconds * info.Timescale),
                    DurationTicks = 0,
                    Timescale = info.Timescale,
                    ProgramDateTime = AvailabilityStart.AddSeconds(_streamSeconds),
                    Parts = [],
                    IsComplete = false,
                };
            }
            var parts = segment.Parts;
            long partTicks = (long)Math.Round(partSeconds * info.Timescale);
            for (int p = 0; p < count; p++)
            {
                int index = parts.Length;
                parts = parts.Add(new CmafPart(
                    segment.SequenceNumber,
                    index,
                    segment.StartTicks + segment.DurationTicks,
                    partTicks,
                    info.Kind == MediaKind.Audio || index == 0,
                    PartBytes(id, segment.SequenceNumber, index)));
                segment = segment with
                {
                    DurationTicks = segment.DurationTicks + partTicks,
                    Parts = parts,
                    ByteLength = segment.ByteLength + SimulatedPartBytes(info, segment.SequenceNumber, index),
                };
            }
            list.Add(segment);
        }
        return this;
    }

    /// <summary>The window slides: the oldest segments leave, and periods left without segments with them.</summary>
    public SnapshotBuilder DropOldest(int count)
    {
        foreach (var list in _segments.Values)
        {
            list.RemoveRange(0, Math.Min(count, list.Count));
        }
        while (_periods.Count > 1 && !_segments.Values.Any(l => l.Any(s => s.PeriodIndex == _periods[0].Index)))
        {
            _periods.RemoveAt(0);
            _droppedPeriods++;
        }
        return this;
    }

    public StreamSnapshot Build(bool ended = false) => new()
    {
        Version = ++_version,
        Periods = [.. _periods],
        Segments = _segments.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableList(), StringComparer.Ordinal),
        AvailabilityStart = AvailabilityStart,
        Ended = ended,
        PublisherConnected = !ended,
        DiscontinuitySequence = _droppedPeriods,
    };

    /// <summary>The in-progress segment's last part is out; it ends at the keyframe the packager predicts.</summary>
    public SnapshotBuilder ExpectSegmentEnd()
    {
        foreach (var list in _segments.Values)
        {
            if (list.Count > 0 && !list[^1].IsComplete)
            {
                list[^1] = list[^1] with { EndExpected = true };
            }
        }
        return this;
    }

    /// <summary>Ends the in-progress segment after its parts so far (a segment cut).</summary>
    public SnapshotBuilder CompleteInProgress()
    {
        bool completed = false;
        foreach (var list in _segments.Values)
        {
            if (list.Count > 0 && !list[^1].IsComplete)
            {
                list[^1] = list[^1] with { IsComplete = true };
                completed = true;
            }
        }
        if (completed)
        {
            var anyList = _segments[_tracks[0].Id];
            var last = anyList[^1];
            _streamSeconds += (double)last.DurationTicks / last.Timescale;
            _nextMsn++;
        }
        return this;
    }

    public static byte[] InitBytes(string trackId, int period) =>
        System.Text.Encoding.ASCII.GetBytes($"init:{trackId}:{period}");

    public static byte[] PartBytes(string trackId, long msn, int part) =>
        System.Text.Encoding.ASCII.GetBytes($"part:{trackId}:{msn}.{part};");

    // Bitrates vary from segment to segment so peak and average differ: video around 2.4 Mbit/s, audio 128 kbit/s.
    private static long SimulatedPartBytes(TrackInfo info, long msn, int part) =>
        info.Kind == MediaKind.Audio ? 8000 : 150_000 + (msn % 3) * 10_000 + (part == 0 ? 40_000 : 0);
}
