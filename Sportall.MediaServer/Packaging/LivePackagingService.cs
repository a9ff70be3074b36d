using Microsoft.Extensions.Options;
using Sportall.MediaServer.Cluster;
using Sportall.MediaServer.Hosting;
using Sportall.Media.Model;
using Sportall.MediaServer.Hub;
using Sportall.MediaServer.Transcoding;
using Sportall.Packager.Live;
using Sportall.Packager.Recording;
using Sportall.Packager.Segmentation;

namespace Sportall.MediaServer.Packaging;

/// <summary>
/// Feeds every live source of the hub into a packager for its playback name. A publisher that comes back
/// within the reconnect grace period continues the same packaged stream (a new period); after the grace
/// period the stream ends (ENDLIST, static MPD) and stays served for one live window, then it is removed.
/// A transcoder's renditions (<see cref="ILiveRenditionSink"/>) join the current session's packager as further
/// video tracks of the same period, so the passthrough rendition goes on without a discontinuity.
/// </summary>
public sealed partial class LivePackagingService : IHostedService, IDisposable, ILiveRenditionSink
{
    // For a queued packager (SRT): ~6 s of 30 fps video plus 48 kHz AAC, enough to ride out a GC pause, small
    // enough that a stuck packager drops (and counts) instead of holding memory.
    private const int ReaderCapacity = 512;

    private readonly StreamHub _hub;
    private readonly LiveStreamRegistry _registry;
    private readonly PackagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly RecordingService? _recording;
    private readonly IStreamContinuity? _continuity;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public LivePackagingService(StreamHub hub, LiveStreamRegistry registry, IOptions<PackagerOptions> options,
        TimeProvider time, ILoggerFactory loggerFactory, RecordingService? recording = null, IStreamContinuity? continuity = null)
    {
        _recording = recording;
        _continuity = continuity;
        _hub = hub;
        _registry = registry;
        _options = options.Value;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<LivePackagingService>();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The live window's disk part is only meaningful to the process that wrote it: a crash leaves
        // segments nobody lists, so they go before any stream starts.
        var leftovers = Path.Combine(_options.DataPath, "live");
        if (Directory.Exists(leftovers))
        {
            Directory.Delete(leftovers, recursive: true);
            LogLeftoversRemoved(leftovers);
        }
        _hub.Published += OnPublished;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _hub.Published -= OnPublished;
        return Task.CompletedTask;
    }

    private void OnPublished(LiveSource source)
    {
        // In a cluster the name may have been packaged by a node that died: a new packager continues its
        // numbering. One bounded Redis read per new packager (not per reconnect, never per frame), taken
        // outside the gate so a slow Redis does not hold other streams' frames.
        PackagerContinuation? continuation = null;
        if (_continuity is not null)
        {
            bool continuing;
            lock (_gate) continuing = _entries.TryGetValue(source.Name, out var current) && !current.Ended;
            if (!continuing) continuation = _continuity.Resume(source.Name, _options.SegmentTargetMs);
        }
        lock (_gate)
        {
            if (_entries.TryGetValue(source.Name, out var entry) && !entry.Ended)
            {
                entry.GraceTimer?.Dispose();
                entry.GraceTimer = null;
                LogReconnected(source.Name, source.Protocol);
            }
            else
            {
                if (entry is not null) Retire(entry);
                var stream = new PackagedStream(source.Name);
                var packager = new LiveStreamPackager(stream, _options, _time, _loggerFactory.CreateLogger<LiveStreamPackager>(), continuation)
                {
                    Observer = _recording?.Record(source.Name),
                };
                entry = new Entry(source.Name, stream, packager) { Owner = this };
                _continuity?.Track(source.Name, entry.Position);
                _entries[source.Name] = entry;
                _registry.Replace(source.Name, stream);
            }
            // The packager takes one session at a time: from here on, frames of an earlier session are ignored.
            lock (entry.Gate)
            {
                entry.Source = source;
                entry.Renditions.Clear();
                entry.RenditionsInPeriod.Clear();
            }
            if (source.PublisherThreadIsDedicated)
            {
                source.AddInlineReader("packager", new Feed(this, entry, source));
            }
            else
            {
                // A thread that receives for many publishers (SRT's) must not package for all of them too.
                var previous = entry.QueuedFeed;
                entry.QueuedFeed = FeedAsync(entry, source, source.AddReader("packager", ReaderCapacity), previous);
            }
        }
    }

    /// <summary>
    /// One publish session's frames into the name's packager, on the publisher's thread. A frame or an end
    /// from a session that is no longer the entry's (the publisher came back while the old connection was
    /// still closing) is ignored: the new session's track change has already flushed the old period.
    /// </summary>
    private sealed class Feed(LivePackagingService owner, Entry entry, LiveSource source) : IInlineReader
    {
        public void OnMessage(in HubMessage message) => owner.Package(entry, source, message);

        public void OnCompleted() => owner.EndSession(entry, source);
    }

    /// <summary>
    /// A queued session's frames into the packager, on the thread pool, after the previous queued session's.
    /// As with <see cref="Feed"/>, what is left of a session once a later one took the name is only released.
    /// </summary>
    private async Task FeedAsync(Entry entry, LiveSource source, HubReader reader, Task previous)
    {
        // Scopes flow with the async context: the packager's lines for this stream carry its name.
        using var scope = StreamLogScope.Begin(_logger, entry.Name);
        await previous.ConfigureAwait(false);
        try
        {
            await foreach (var message in reader.Messages.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    Package(entry, source, message);
                }
                finally
                {
                    if (message.Kind == HubMessageKind.AccessUnit) message.Unit.Payload.Release();
                }
            }
        }
        finally
        {
            reader.Drain();
            EndSession(entry, source);
        }
    }

    /// <summary>One message of a session into the packager: skipped when shutting down or when a later session took over.</summary>
    private void Package(Entry entry, LiveSource source, in HubMessage message)
    {
        lock (entry.Gate)
        {
            try
            {
                if (entry.Retired || !ReferenceEquals(entry.Source, source)) return;
                if (message.Kind == HubMessageKind.Tracks)
                {
                    // A new period: renditions rejoin it with their next frame.
                    entry.RenditionsInPeriod.Clear();
                    entry.SourceTracks = message.Tracks!;
                    entry.Packager.OnTracks(message.Tracks!);
                }
                else
                {
                    entry.Packager.OnAccessUnit(message.Unit);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPackagingFailed(ex, entry.Name);
            }
        }
    }

    /// <summary>A session's publisher is gone: the grace period starts, unless a later session already took the name.</summary>
    private void EndSession(Entry entry, LiveSource source)
    {
        lock (entry.Gate)
        {
            if (entry.Retired || !ReferenceEquals(entry.Source, source)) return;
            entry.Packager.OnPublisherLost();
        }
        StartGracePeriod(entry);
    }

    public void OnRenditionTrack(LiveSource source, TrackInfo track)
    {
        if (!TryGetEntry(source, out var entry)) return;
        lock (entry.Gate)
        {
            if (entry.Retired || !ReferenceEquals(entry.Source, source)) return;
            entry.Renditions[track.Index] = track;
            if (entry.RenditionsInPeriod.TryGetValue(track.Index, out var packaged) && !SameConfiguration(packaged, track))
            {
                // A restarted transcoder whose output differs (another encoder, another size): its init
                // segment changes, which players only take at a period boundary. Rare; costs one discontinuity.
                var tracks = new List<TrackInfo>(entry.SourceTracks);
                tracks.AddRange(entry.Renditions.Values);
                entry.RenditionsInPeriod.Clear();
                foreach (var rendition in entry.Renditions.Values) entry.RenditionsInPeriod[rendition.Index] = rendition;
                entry.Packager.OnTracks(tracks);
            }
        }
    }

    public void OnRenditionUnit(LiveSource source, in AccessUnit unit)
    {
        try
        {
            if (!TryGetEntry(source, out var entry)) return;
            lock (entry.Gate)
            {
                if (entry.Retired || !ReferenceEquals(entry.Source, source)) return;
                if (!entry.RenditionsInPeriod.ContainsKey(unit.TrackIndex))
                {
                    if (!entry.Renditions.TryGetValue(unit.TrackIndex, out var track)) return;
                    entry.RenditionsInPeriod[unit.TrackIndex] = track;
                    entry.Packager.AddTracks([track]);
                }
                entry.Packager.OnAccessUnit(unit);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPackagingFailed(ex, source.Name);
        }
        finally
        {
            unit.Payload.Release();
        }
    }

    private bool TryGetEntry(LiveSource source, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Entry? entry)
    {
        lock (_gate) return _entries.TryGetValue(source.Name, out entry) && !entry.Ended;
    }

    private static bool SameConfiguration(TrackInfo a, TrackInfo b) =>
        a.Codec == b.Codec && a.Width == b.Width && a.Height == b.Height && a.CodecConfig.AsSpan().SequenceEqual(b.CodecConfig);

    private void StartGracePeriod(Entry entry)
    {
        lock (_gate)
        {
            if (!_hub.TryGet(entry.Name, out _) && entry.GraceTimer is null && !entry.Ended)
            {
                LogPublisherLost(entry.Name, _options.ReconnectGraceSeconds);
                entry.GraceTimer = _time.CreateTimer(static state => { var e = (Entry)state!; e.Owner!.EndStream(e); },
                    entry, TimeSpan.FromSeconds(_options.ReconnectGraceSeconds), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void EndStream(Entry entry)
    {
        lock (_gate)
        {
            // Retired: the service was disposed while this timer's callback was already on its way.
            if (entry.Ended || entry.Retired || _hub.TryGet(entry.Name, out _)) return;
            entry.Ended = true;
            entry.GraceTimer?.Dispose();
            // Late viewers still get the ended playlists for one live window, then the name is free.
            entry.GraceTimer = _time.CreateTimer(static state => { var e = (Entry)state!; e.Owner!.Remove(e); },
                entry, TimeSpan.FromSeconds(_options.LiveWindowSeconds), Timeout.InfiniteTimeSpan);
        }
        lock (entry.Gate)
        {
            if (entry.Retired) return;
            entry.Packager.OnEnded();
        }
        LogStreamEnded(entry.Name);
    }

    private void Remove(Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Name, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Name);
                Retire(entry);
            }
        }
    }

    private void Retire(Entry entry)
    {
        entry.GraceTimer?.Dispose();
        _continuity?.Untrack(entry.Name, entry.Position);
        _registry.Remove(entry.Name, entry.Stream);
        lock (entry.Gate)
        {
            entry.Retired = true;
            entry.Packager.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values) Retire(entry);
            _entries.Clear();
        }
    }

    private sealed class Entry(string name, PackagedStream stream, LiveStreamPackager packager)
    {
        public string Name { get; } = name;
        public PackagedStream Stream { get; } = stream;
        public LiveStreamPackager Packager { get; } = packager;
        /// <summary>The packager's numbering, for the cluster's record (one delegate, so untracking finds it).</summary>
        public Func<PackagerContinuation> Position { get; } = () => packager.Position;
        public Lock Gate { get; } = new();
        public ITimer? GraceTimer { get; set; }
        public bool Ended { get; set; }
        /// <summary>Its packager is disposed; a timer callback already running must not touch it.</summary>
        public bool Retired { get; set; }
        public LivePackagingService? Owner { get; set; }
        /// <summary>The last queued feed (SRT sessions): the next one starts after it, one writer at a time.</summary>
        public Task QueuedFeed { get; set; } = Task.CompletedTask;
        /// <summary>The publish session whose renditions are accepted (a late frame of the previous one is not).</summary>
        public LiveSource? Source { get; set; }
        /// <summary>The latest configuration of each rendition, by track index.</summary>
        public Dictionary<int, TrackInfo> Renditions { get; } = [];
        /// <summary>Renditions added to the packager's current period.</summary>
        public Dictionary<int, TrackInfo> RenditionsInPeriod { get; } = [];
        public IReadOnlyList<TrackInfo> SourceTracks { get; set; } = [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream '{Name}' reconnected over {Protocol}: continuing its playlists with a discontinuity")]
    private partial void LogReconnected(string name, string protocol);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publisher of '{Name}' is gone; the stream ends unless it reconnects within {GraceSeconds} s")]
    private partial void LogPublisherLost(string name, int graceSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream '{Name}' ended")]
    private partial void LogStreamEnded(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the live window segments a previous run left in {Folder}")]
    private partial void LogLeftoversRemoved(string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Packaging a frame of '{Name}' failed; the frame is skipped")]
    private partial void LogPackagingFailed(Exception exception, string name);
}
