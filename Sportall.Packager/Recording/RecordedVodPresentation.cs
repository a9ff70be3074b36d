using System.Collections.Immutable;
using System.IO.Pipelines;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod;

namespace Sportall.Packager.Recording;

/// <summary>A recorded live as the VOD endpoints see it: the manifest's tracks, bytes streamed from the store as they are.</summary>
internal sealed class RecordedVodPresentation : IVodPresentation
{
    private readonly IObjectStore _store;
    private readonly string _keyPrefix;
    private readonly RecordedSegmentCache? _cache;
    private readonly Dictionary<string, RecordedTrack> _recorded = new(StringComparer.Ordinal);

    public RecordedVodPresentation(RecordedAsset asset, IObjectStore store, string keyPrefix, RecordedSegmentCache? cache = null)
    {
        Asset = asset;
        _cache = cache;
        _store = store;
        _keyPrefix = keyPrefix;
        var tracks = ImmutableArray.CreateBuilder<VodTrack>(asset.Tracks.Length);
        foreach (var track in asset.Tracks)
        {
            _recorded[track.Id] = track;
            var segments = ImmutableArray.CreateBuilder<VodSegment>(track.Segments.Length);
            foreach (var segment in track.Segments)
            {
                segments.Add(new VodSegment(segment.StartTicks, segment.DurationTicks));
            }
            tracks.Add(new VodTrack(track.Id, track.Info, track.PeakBandwidth, segments.MoveToImmutable()));
        }
        Tracks = tracks.MoveToImmutable();
    }

    public RecordedAsset Asset { get; }

    public string AssetId => Asset.AssetId;

    public IReadOnlyList<VodTrack> Tracks { get; }

    public ValueTask WriteInitSegmentAsync(string trackId, PipeWriter output, CancellationToken cancellationToken)
    {
        var track = Find(trackId);
        if (track.InitPeriods.IsDefaultOrEmpty)
        {
            throw new FileNotFoundException($"Track '{trackId}' of {AssetId} has no init segment.");
        }
        // The live timeline is continuous across periods (a reconnect continues tfdt), so one header serves
        // the whole asset as long as the encoder came back with the same configuration.
        return CopyAsync(RecordingKeys.InitFile(trackId, track.InitPeriods[0]), 0, output, cancellationToken);
    }

    public ValueTask WriteMediaSegmentAsync(string trackId, int segmentIndex, PipeWriter output, CancellationToken cancellationToken)
    {
        var track = Find(trackId);
        if ((uint)segmentIndex >= (uint)track.Segments.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(segmentIndex));
        }
        var segment = track.Segments[segmentIndex];
        return CopyAsync(RecordingKeys.SegmentFile(trackId, segment.Sequence), segment.Length, output, cancellationToken);
    }

    private RecordedTrack Find(string trackId) =>
        _recorded.TryGetValue(trackId, out var track) ? track : throw new KeyNotFoundException($"{AssetId} has no track '{trackId}'.");

    /// <summary>Init segments (length 0 here: small, unknown) and segments up to the cache's entry limit go through the cache.</summary>
    private async ValueTask CopyAsync(string relative, long length, PipeWriter output, CancellationToken cancellationToken)
    {
        var key = RecordingKeys.Key(_keyPrefix, AssetId, relative);
        if (_cache is not null && _cache.TryGet(key, out var cached))
        {
            await output.WriteAsync(cached, cancellationToken).ConfigureAwait(false);
            return;
        }
        var stream = await _store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"{key} is not in the store.");
        await using (stream.ConfigureAwait(false))
        {
            if (_cache is null || length > RecordedSegmentCache.MaxEntryBytes)
            {
                await stream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                return;
            }
            using var buffer = new MemoryStream(length > 0 ? (int)length : 4096);
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            _cache.Add(key, bytes);
            await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }
}
