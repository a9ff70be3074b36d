using Sportall.Media.Buffers;

namespace Sportall.Media.Model;

/// <summary>
/// The announcement half of a demuxer with one video and one audio track slot (FLV from RTMP, MPEG-TS
/// from SRT): holds access units until the demuxer decides its tracks are known, then announces them and
/// delivers what it held in arrival order; afterwards passes access units straight to the sink and
/// re-announces the track list whenever a slot's configuration changes.
/// </summary>
/// <remarks>
/// When to become ready is the demuxer's policy (metadata for FLV, the PMT for MPEG-TS); this type keeps
/// the clock it decides by: the latest media time seen and the time the first slot was configured.
/// Indices are assigned on becoming ready, video first, so video is track 0 whenever the stream has it
/// from the start; a slot configured later takes the next index, and an index never changes.
/// Not thread-safe, like the demuxers that own it.
/// </remarks>
internal sealed class TrackAnnouncer
{
    /// <summary>
    /// Frames held before the tracks are announced: 3 s of 60 fps video plus 48 kHz AAC (47 frames/s)
    /// is 321; 1024 leaves room for 120 fps or high-rate audio. Older frames are dropped and counted.
    /// </summary>
    public const int MaxPendingFrames = 1024;

    private readonly IMediaSink _sink;
    private readonly Func<MediaKind, int, TrackInfo> _describe;
    private readonly Queue<PendingFrame> _pending = new();
    private int _videoIndex = -1, _audioIndex = -1;
    private bool _videoConfigured, _audioConfigured;
    private int _nextIndex;
    private bool _sawConfiguration;
    private long _firstConfigurationTime;
    private long _latestTime = long.MinValue;

    /// <param name="sink">Where tracks and access units go.</param>
    /// <param name="describe">The current <see cref="TrackInfo"/> of a configured slot, given the index it is announced under.</param>
    public TrackAnnouncer(IMediaSink sink, Func<MediaKind, int, TrackInfo> describe)
    {
        _sink = sink;
        _describe = describe;
    }

    /// <summary>The tracks were announced: access units go straight to the sink.</summary>
    public bool IsReady { get; private set; }

    /// <summary>Not ready yet, and some slot is configured: the demuxer's readiness policy applies.</summary>
    public bool IsWaiting => !IsReady && _sawConfiguration;

    /// <summary>Media time from the first configuration to the latest time seen, in the demuxer's unit.</summary>
    public long WaitedTime => _latestTime - _firstConfigurationTime;

    /// <summary>The latest media time seen, or <see cref="long.MinValue"/> before any.</summary>
    public long LatestTime => _latestTime;

    public void NoteTime(long time)
    {
        if (time > _latestTime) _latestTime = time;
    }

    /// <summary>
    /// A slot is about to take a new configuration: frames held so far belong to the old one, so announce
    /// it and deliver them first.
    /// </summary>
    public void BeforeReconfiguration()
    {
        if (!IsReady) BecomeReady();
    }

    /// <summary>A slot's configuration was set or changed (at media time <paramref name="time"/>, which starts the wait if it is the first).</summary>
    public void OnConfigured(MediaKind kind, long time)
    {
        if (kind == MediaKind.Video) _videoConfigured = true;
        else _audioConfigured = true;
        if (!_sawConfiguration)
        {
            _sawConfiguration = true;
            _firstConfigurationTime = time;
        }
        if (!IsReady) return;
        if (kind == MediaKind.Video && _videoIndex < 0) _videoIndex = _nextIndex++;
        if (kind == MediaKind.Audio && _audioIndex < 0) _audioIndex = _nextIndex++;
        AnnounceTracks();
    }

    /// <summary>
    /// Passes an access unit on, or holds it until ready. Returns true when holding it pushed the oldest
    /// held frame out (released, for the demuxer to count as dropped).
    /// </summary>
    public bool Deliver(MediaKind kind, long dtsTicks, int compositionOffsetTicks, int timescale, bool isKeyframe, MediaBuffer payload)
    {
        if (IsReady)
        {
            _sink.OnAccessUnit(new AccessUnit(IndexOf(kind), dtsTicks, compositionOffsetTicks, timescale, isKeyframe, payload));
            return false;
        }
        _pending.Enqueue(new PendingFrame(kind, dtsTicks, compositionOffsetTicks, timescale, isKeyframe, payload));
        if (_pending.Count <= MaxPendingFrames) return false;
        _pending.Dequeue().Payload.Release();
        return true;
    }

    /// <summary>End of stream: announces the tracks if still waiting and delivers every held frame.</summary>
    public void Flush()
    {
        if (IsWaiting) BecomeReady();
    }

    public void BecomeReady()
    {
        IsReady = true;
        if (_videoConfigured && _videoIndex < 0) _videoIndex = _nextIndex++;
        if (_audioConfigured && _audioIndex < 0) _audioIndex = _nextIndex++;
        AnnounceTracks();
        while (_pending.TryDequeue(out var frame))
        {
            _sink.OnAccessUnit(new AccessUnit(IndexOf(frame.Kind), frame.DtsTicks, frame.CompositionOffsetTicks, frame.Timescale, frame.IsKeyframe, frame.Payload));
        }
    }

    private int IndexOf(MediaKind kind) => kind == MediaKind.Video ? _videoIndex : _audioIndex;

    private void AnnounceTracks()
    {
        var count = (_videoIndex >= 0 ? 1 : 0) + (_audioIndex >= 0 ? 1 : 0);
        var tracks = new TrackInfo[count];
        if (_videoIndex >= 0) tracks[_videoIndex] = _describe(MediaKind.Video, _videoIndex);
        if (_audioIndex >= 0) tracks[_audioIndex] = _describe(MediaKind.Audio, _audioIndex);
        _sink.OnTracks(tracks);
    }

    private readonly record struct PendingFrame(MediaKind Kind, long DtsTicks, int CompositionOffsetTicks, int Timescale, bool IsKeyframe, MediaBuffer Payload);
}
