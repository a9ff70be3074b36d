using System.Collections.Concurrent;
using Sportall.Packager.Dash;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Delivery;

/// <summary>
/// The manifests of one stream, rendered at most once per published snapshot (and per delta-update flag)
/// and shared by every request: a hit is a reference comparison and no allocation. Rendering happens
/// under one lock per stream with a reused text buffer; the segmenter publishes a few snapshots a second,
/// so the lock is taken a few times a second, not once per request.
/// </summary>
internal sealed class StreamManifestCache
{
    // Track ids become dictionary keys only once they rendered (they exist in a snapshot), so request
    // paths naming unknown tracks cannot grow the dictionary.
    private readonly ConcurrentDictionary<string, TrackPlaylists> _tracks = new(StringComparer.Ordinal);
    private readonly Lock _renderLock = new();
    private readonly ManifestTextBuilder _text = new();
    private readonly PackagerOptions _options;
    private readonly TimeProvider _time;
    private RenderedManifest? _timing;
    private RenderedManifest? _multivariant;
    private RenderedManifest? _mpd;

    public StreamManifestCache(PackagerOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public HlsTiming GetTiming(StreamSnapshot snapshot)
    {
        var cached = Volatile.Read(ref _timing);
        if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached.Timing;
        }
        var timing = HlsTiming.Of(snapshot, _options);
        Volatile.Write(ref _timing, new RenderedManifest(snapshot, [], timing));
        return timing;
    }

    public RenderedManifest? GetMultivariant(StreamSnapshot snapshot)
    {
        var cached = Volatile.Read(ref _multivariant);
        if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached;
        }
        lock (_renderLock)
        {
            cached = _multivariant;
            if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot))
            {
                return cached;
            }
            _text.Clear();
            if (!HlsMultivariantPlaylistWriter.TryWrite(_text, snapshot))
            {
                return null;
            }
            cached = new RenderedManifest(snapshot, _text.ToArray(), GetTiming(snapshot));
            Volatile.Write(ref _multivariant, cached);
            return cached;
        }
    }

    public RenderedManifest? GetMediaPlaylist(StreamSnapshot snapshot, string trackId, bool deltaUpdate)
    {
        if (_tracks.TryGetValue(trackId, out var track))
        {
            var cached = track.Get(deltaUpdate);
            if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot))
            {
                return cached;
            }
        }
        lock (_renderLock)
        {
            if (track is not null)
            {
                var cached = track.Get(deltaUpdate);
                if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot))
                {
                    return cached;
                }
            }
            var timing = GetTiming(snapshot);
            _text.Clear();
            if (!HlsMediaPlaylistWriter.TryWrite(_text, snapshot, trackId, timing, deltaUpdate))
            {
                return null;
            }
            var rendered = new RenderedManifest(snapshot, _text.ToArray(), timing);
            track ??= _tracks.GetOrAdd(trackId, static _ => new TrackPlaylists());
            track.Set(deltaUpdate, rendered);
            return rendered;
        }
    }

    public RenderedManifest? GetMpd(StreamSnapshot snapshot, string timeUrl)
    {
        var cached = Volatile.Read(ref _mpd);
        if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot) && string.Equals(cached.TimeUrl, timeUrl, StringComparison.Ordinal))
        {
            return cached;
        }
        lock (_renderLock)
        {
            cached = _mpd;
            if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot) && string.Equals(cached.TimeUrl, timeUrl, StringComparison.Ordinal))
            {
                return cached;
            }
            _text.Clear();
            if (!DashMpdWriter.TryWrite(_text, snapshot, _options, _time.GetUtcNow(), timeUrl))
            {
                return null;
            }
            cached = new RenderedManifest(snapshot, _text.ToArray(), GetTiming(snapshot), timeUrl);
            Volatile.Write(ref _mpd, cached);
            return cached;
        }
    }

    private sealed class TrackPlaylists
    {
        private RenderedManifest? _full;
        private RenderedManifest? _delta;

        public RenderedManifest? Get(bool delta) => delta ? Volatile.Read(ref _delta) : Volatile.Read(ref _full);

        public void Set(bool delta, RenderedManifest rendered)
        {
            if (delta)
            {
                Volatile.Write(ref _delta, rendered);
            }
            else
            {
                Volatile.Write(ref _full, rendered);
            }
        }
    }
}
