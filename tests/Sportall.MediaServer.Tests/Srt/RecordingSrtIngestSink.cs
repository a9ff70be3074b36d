using Sportall.MediaServer.Srt;

namespace Sportall.MediaServer.Tests.Srt;

// A stream hub stand-in: one publisher per name, every byte recorded.
internal sealed class RecordingSrtIngestSink : ISrtIngestSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RecordingSrtPublishSession> _live = [];

    public List<RecordingSrtPublishSession> Sessions { get; } = [];
    public int Refusals { get; private set; }

    public ISrtPublishSession? BeginPublish(string playbackName, string remoteEndPoint, out string? refusalReason)
    {
        lock (_gate)
        {
            if (_live.ContainsKey(playbackName))
            {
                refusalReason = $"stream '{playbackName}' is already being published";
                Refusals++;
                return null;
            }

            var session = new RecordingSrtPublishSession(playbackName, remoteEndPoint, () => { lock (_gate) { _live.Remove(playbackName); } });
            _live.Add(playbackName, session);
            Sessions.Add(session);
            refusalReason = null;
            return session;
        }
    }

    public bool IsLive(string playbackName)
    {
        lock (_gate)
        {
            return _live.ContainsKey(playbackName);
        }
    }

    public RecordingSrtPublishSession? Find(string name)
    {
        lock (_gate)
        {
            return Sessions.LastOrDefault(s => s.PlaybackName == name);
        }
    }
}

internal sealed class RecordingSrtPublishSession(string playbackName, string remote, Action onDispose) : ISrtPublishSession
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _bytes = new();
    private volatile bool _disposed;

    public string PlaybackName { get; } = playbackName;
    public string Remote { get; } = remote;
    public bool Disposed => _disposed;
    public int Messages { get; private set; }
    public List<int> MessageSizes { get; } = [];

    public long Length { get { lock (_gate) { return _bytes.Length; } } }
    public byte[] Bytes { get { lock (_gate) { return _bytes.ToArray(); } } }

    public void OnData(ReadOnlySpan<byte> tsBytes)
    {
        lock (_gate)
        {
            _bytes.Write(tsBytes);
            Messages++;
            MessageSizes.Add(tsBytes.Length);
        }
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
