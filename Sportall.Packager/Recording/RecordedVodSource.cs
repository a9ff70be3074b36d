using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod;

namespace Sportall.Packager.Recording;

/// <summary>Recorded lives for <c>/vod/{assetId}/…</c>: the manifest is read from the store once, then kept.</summary>
public sealed class RecordedVodSource(IObjectStore store, IOptions<RecordingOptions> options) : IVodPresentationSource
{
    // A manifest is a few hundred bytes per minute of recording; a thousand of them is a few MB. Past that
    // the cache starts over rather than tracking use: the store answers again.
    private const int MaxCachedAssets = 1024;

    private readonly ConcurrentDictionary<string, RecordedVodPresentation> _cache = new(StringComparer.Ordinal);
    private readonly RecordedSegmentCache _segments = new((long)Math.Max(0, options.Value.SegmentCacheMegabytes) * 1024 * 1024);

    public async ValueTask<IVodPresentation?> OpenAsync(string assetId, CancellationToken cancellationToken) =>
        await OpenRecordedAsync(assetId, cancellationToken).ConfigureAwait(false);

    /// <summary>The asset's manifest, or null when <paramref name="assetId"/> is not a recording in the store.</summary>
    public async ValueTask<RecordedAsset?> GetAssetAsync(string assetId, CancellationToken cancellationToken) =>
        (await OpenRecordedAsync(assetId, cancellationToken).ConfigureAwait(false))?.Asset;

    private async ValueTask<RecordedVodPresentation?> OpenRecordedAsync(string assetId, CancellationToken cancellationToken)
    {
        if (!RecordingKeys.IsValidAssetId(assetId))
        {
            return null;
        }
        if (_cache.TryGetValue(assetId, out var cached))
        {
            return cached;
        }
        var prefix = options.Value.KeyPrefix;
        var stream = await store.OpenReadAsync(RecordingKeys.Key(prefix, assetId, RecordingKeys.ManifestFileName), cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }
        RecordedAsset? asset;
        await using (stream.ConfigureAwait(false))
        {
            asset = await JsonSerializer.DeserializeAsync<RecordedAsset>(stream, RecordingJson.Options, cancellationToken).ConfigureAwait(false);
        }
        if (asset is null)
        {
            return null;
        }
        var presentation = new RecordedVodPresentation(asset, store, prefix, options.Value.SegmentCacheMegabytes > 0 ? _segments : null);
        if (_cache.Count >= MaxCachedAssets)
        {
            _cache.Clear();
        }
        _cache[assetId] = presentation;
        return presentation;
    }
}
