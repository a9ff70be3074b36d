using System.Collections.Immutable;
using Sportall.Media.Model;

namespace Sportall.MediaServer.Hub;

/// <summary>
/// One publish session of a live name: the publisher writes through <see cref="IMediaSink"/>; every
/// queued reader gets the frames through its own bounded queue, every inline reader on the publisher's
/// thread. The publisher never waits for a queued reader.
/// </summary>
public sealed class LiveSource : IMediaSink, IDisposable
{
    private readonly StreamHub _hub;
    private readonly Lock _gate = new();
    private ImmutableArray<HubReader> _readers = [];
    private IReadOnlyList<TrackInfo>? _tracks;
    private readonly Prometheus.Counter.Child _framesMetric;
    private readonly Prometheus.Counter.Child _bytesMetric;
    private long _frames;
    private long _bytes;
    private int _disposed;

    internal LiveSource(StreamHub hub, string name, string protocol, string remoteEndPoint, bool publisherThreadIsDedicated)
    {
        PublisherThreadIsDedicated = publisherThreadIsDedicated;
        _hub = hub;
        Name = name;
        Protocol = protocol;
        RemoteEndPoint = remoteEndPoint;
        StartedAt = DateTimeOffset.UtcNow;
        _framesMetric = HubMetrics.Frames.WithLabels(name);
        _bytesMetric = HubMetrics.StreamBytes.WithLabels(name);
    }

    public string Name { get; }
    public string Protocol { get; }
    public string RemoteEndPoint { get; }

    /// <summary>
    /// The publisher calls in on a thread of its own (an RTMP connection's receive thread), so an inline reader's
    /// work delays this stream only. SRT's receive thread serves every SRT connection of the port: false.
    /// </summary>
    public bool PublisherThreadIsDedicated { get; }
    public DateTimeOffset StartedAt { get; }
    public IReadOnlyList<TrackInfo>? Tracks => Volatile.Read(ref _tracks);
    public long Frames => Interlocked.Read(ref _frames);
    public long Bytes => Interlocked.Read(ref _bytes);
    public bool IsClosed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Adds a queued reader; it receives the current tracks first (when known), then every frame.</summary>
    public HubReader AddReader(string name, int capacity) => Add(new HubReader(name, capacity));

    /// <summary>Adds an inline reader (<see cref="IInlineReader"/>): the current tracks first (when known), then every frame.</summary>
    public HubReader AddInlineReader(string name, IInlineReader reader) => Add(new HubReader(name, reader));

    private HubReader Add(HubReader reader)
    {
        lock (_gate)
        {
            if (IsClosed)
            {
                reader.Complete();
                return reader;
            }
            if (_tracks is { } tracks) reader.TryDeliver(new HubMessage(HubMessageKind.Tracks, default, tracks));
            _readers = _readers.Add(reader);
        }
        return reader;
    }

    public void RemoveReader(HubReader reader)
    {
        lock (_gate) _readers = _readers.Remove(reader);
        reader.Complete();
        reader.Drain();
    }

    public void OnTracks(IReadOnlyList<TrackInfo> tracks)
    {
        lock (_gate)
        {
            Volatile.Write(ref _tracks, tracks);
            var message = new HubMessage(HubMessageKind.Tracks, default, tracks);
            foreach (var reader in _readers) reader.TryDeliver(message);
        }
        HubMetrics.TrackChanges.Inc();
    }

    public void OnAccessUnit(in AccessUnit unit)
    {
        var message = new HubMessage(HubMessageKind.AccessUnit, unit, null);
        // Readers are an immutable array: the per-frame path takes no lock and allocates nothing.
        var readers = _readers;
        foreach (var reader in readers)
        {
            if (!reader.TryDeliver(message)) HubMetrics.ReaderDrops.Inc();
        }
        Interlocked.Increment(ref _frames);
        _framesMetric.Inc();
        Interlocked.Add(ref _bytes, unit.Payload.Length);
        _bytesMetric.Inc(unit.Payload.Length);
        unit.Payload.Release();
    }

    /// <summary>The publisher is gone: readers see their queue complete after the frames already queued.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Free the name before readers see the end, so a reader reacting to the end (grace period) sees it free.
        _hub.Remove(this);
        ImmutableArray<HubReader> readers;
        lock (_gate)
        {
            readers = _readers;
            _readers = [];
        }
        foreach (var reader in readers) reader.Complete();
    }
}
