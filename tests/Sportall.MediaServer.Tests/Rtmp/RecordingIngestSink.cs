using Sportall.Media.Model;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Tests.Rtmp;

// A stream hub stand-in: one publisher per name, every call recorded.
internal sealed class RecordingIngestSink : IRtmpIngestSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RecordingPublishSession> _live = [];

    public List<RecordingPublishSession> Sessions { get; } = [];
    public List<string> Refusals { get; } = [];

    public IRtmpPublishSession? BeginPublish(string playbackName, string remoteEndPoint, out string? refusalReason)
    {
        lock (_gate)
        {
            if (_live.ContainsKey(playbackName))
            {
                refusalReason = $"stream '{playbackName}' is already being published";
                Refusals.Add(playbackName);
                return null;
            }

            var session = new RecordingPublishSession(playbackName, () => { lock (_gate) { _live.Remove(playbackName); } });
            _live.Add(playbackName, session);
            Sessions.Add(session);
            refusalReason = null;
            return session;
        }
    }

    public RecordingPublishSession? Find(string name)
    {
        lock (_gate)
        {
            return Sessions.LastOrDefault(s => s.PlaybackName == name);
        }
    }
}

internal sealed record RecordedTag(long TimestampMs, byte[] Body);

internal sealed class RecordingPublishSession(string playbackName, Action onDispose) : IRtmpPublishSession
{
    private readonly Lock _gate = new();
    private readonly List<RecordedTag> _audio = [];
    private readonly List<RecordedTag> _video = [];
    private StreamMetadata? _metadata;
    private volatile bool _disposed;

    public string PlaybackName { get; } = playbackName;
    public bool Disposed => _disposed;
    public Func<ReadOnlySpan<byte>, Exception?>? VideoFault { get; set; }

    public StreamMetadata? Metadata { get { lock (_gate) { return _metadata; } } }
    public RecordedTag[] Audio { get { lock (_gate) { return [.. _audio]; } } }
    public RecordedTag[] Video { get { lock (_gate) { return [.. _video]; } } }
    public int VideoCount { get { lock (_gate) { return _video.Count; } } }

    public void OnMetadata(StreamMetadata metadata)
    {
        lock (_gate) { _metadata = metadata; }
    }

    public void OnAudio(long timestampMs, ReadOnlySpan<byte> flvAudioTagBody)
    {
        lock (_gate) { _audio.Add(new(timestampMs, flvAudioTagBody.ToArray())); }
    }

    public void OnVideo(long timestampMs, ReadOnlySpan<byte> flvVideoTagBody)
    {
        if (VideoFault?.Invoke(flvVideoTagBody) is { } fault)
        {
            throw fault;
        }

        lock (_gate) { _video.Add(new(timestampMs, flvVideoTagBody.ToArray())); }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            onDispose();
        }
    }
}
