using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sportall.Media.Mp4.Reading;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>
/// Uploaded MP4/MOV files as VOD assets. The moov is read once per asset; its sample index is kept in memory
/// (bounded by <see cref="VodUploadOptions.IndexCacheBytes"/>) and beside the file in the store, so a restart
/// or another node reads one small object instead of the moov. Concurrent first requests share one load.
/// </summary>
public sealed class UploadedAssetSource : IVodPresentationSource, IDisposable
{
    private readonly IObjectStore _store;
    private readonly VodUploadOptions _options;
    private readonly ILogger _logger;
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<UploadedAssetPresentation?>>> _loading = new(StringComparer.Ordinal);

    public UploadedAssetSource(IObjectStore store, IOptions<VodUploadOptions> options, ILogger<UploadedAssetSource>? logger = null)
    {
        _store = store;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _options.IndexCacheBytes) });
    }

    public async ValueTask<IVodPresentation?> OpenAsync(string assetId, CancellationToken cancellationToken) =>
        await OpenUploadedAsync(assetId, cancellationToken).ConfigureAwait(false);

    /// <summary>The asset with its sample index, or null when there is no such upload or its file cannot be served.</summary>
    internal async ValueTask<UploadedAssetPresentation?> OpenUploadedAsync(string assetId, CancellationToken cancellationToken)
    {
        if (!UploadedAssetKeys.IsUploadedAssetId(assetId)) return null;
        if (_cache.TryGetValue(assetId, out UploadedAssetPresentation? cached)) return cached;

        var load = _loading.GetOrAdd(assetId, id => new Lazy<Task<UploadedAssetPresentation?>>(() => LoadAsync(id)));
        try
        {
            return await load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<string, Lazy<Task<UploadedAssetPresentation?>>>(assetId, load));
        }
    }

    /// <summary>
    /// Indexes a freshly stored upload (reading its moov, storing the index) and caches it.
    /// Throws <see cref="Mp4FormatException"/> when the file cannot be served.
    /// </summary>
    internal async Task<UploadedAssetPresentation> IndexAsync(string assetId, long sourceLength, CancellationToken cancellationToken)
    {
        var movie = await BuildIndexAsync(assetId, sourceLength, cancellationToken).ConfigureAwait(false);
        var presentation = Create(assetId, movie);
        Cache(presentation);
        return presentation;
    }

    // The load runs on its own (not on the first caller's token): later callers wait on the same task.
    private async Task<UploadedAssetPresentation?> LoadAsync(string assetId)
    {
        var cancellationToken = CancellationToken.None;
        var info = await _store.StatAsync(UploadedAssetKeys.Source(assetId), cancellationToken).ConfigureAwait(false);
        if (info is null) return null;
        var movie = await TryLoadIndexAsync(assetId, info.Length, cancellationToken).ConfigureAwait(false);
        if (movie is null)
        {
            try
            {
                movie = await BuildIndexAsync(assetId, info.Length, cancellationToken).ConfigureAwait(false);
            }
            catch (Mp4FormatException e)
            {
                UploadedAssetLog.Unservable(_logger, e, assetId, e.Reason);
                return null;
            }
        }
        var presentation = Create(assetId, movie);
        Cache(presentation);
        return presentation;
    }

    private UploadedAssetPresentation Create(string assetId, Mp4Movie movie) =>
        new(assetId, _store, movie, _options.SegmentTargetSeconds, _options.CoalesceGapBytes);

    private void Cache(UploadedAssetPresentation presentation) =>
        _cache.Set(presentation.AssetId, presentation, new MemoryCacheEntryOptions { Size = Math.Max(1, presentation.IndexBytes) });

    private async Task<Mp4Movie?> TryLoadIndexAsync(string assetId, long sourceLength, CancellationToken cancellationToken)
    {
        await using var stream = await _store.OpenReadAsync(UploadedAssetKeys.Index(assetId), cancellationToken).ConfigureAwait(false);
        if (stream is null) return null;
        // The index is read into memory first: BinaryReader reads synchronously, the store's stream may be a network one.
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        var movie = UploadedAssetIndexSerializer.TryRead(buffer, sourceLength);
        if (movie is null) UploadedAssetLog.IndexRebuilt(_logger, assetId);
        return movie;
    }

    private async Task<Mp4Movie> BuildIndexAsync(string assetId, long sourceLength, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var source = new ObjectStoreByteRangeSource(_store, UploadedAssetKeys.Source(assetId), sourceLength);
        var movie = await Mp4FileReader.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        UploadedAssetLog.Indexed(_logger, assetId, movie.Tracks.Count, movie.Tracks.Sum(t => (long)t.SampleCount), movie.MovieBoxOffset, sourceLength,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            using var buffer = new MemoryStream();
            UploadedAssetIndexSerializer.Write(buffer, movie, sourceLength);
            buffer.Position = 0;
            await _store.PutAsync(UploadedAssetKeys.Index(assetId), buffer, buffer.Length, "application/octet-stream", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or Minio.Exceptions.MinioException)
        {
            UploadedAssetLog.IndexNotStored(_logger, e, assetId);
        }
        return movie;
    }

    /// <summary>Drops a cached index (the asset was deleted or replaced).</summary>
    internal void Forget(string assetId) => _cache.Remove(assetId);

    public void Dispose() => _cache.Dispose();
}
