using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sportall.Media.Mp4.Reading;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>
/// Receives uploaded files: streams the request body into the store as it arrives (never the whole file in
/// memory), counts the bytes for progress polls, then indexes the stored file. A file that cannot be served
/// is removed and its upload reported failed with the reader's reason.
/// </summary>
public sealed class VodUploadService
{
    // Progress of finished uploads is kept for polls that come late; beyond this many the oldest finished ones
    // are forgotten (a ready asset still answers from the store).
    private const int MaxTrackedUploads = 1024;

    private readonly IObjectStore _store;
    private readonly UploadedAssetSource _source;
    private readonly VodUploadOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, VodUpload> _uploads = new(StringComparer.Ordinal);

    public VodUploadService(IObjectStore store, UploadedAssetSource source, IOptions<VodUploadOptions> options, ILogger<VodUploadService>? logger = null)
    {
        _store = store;
        _source = source;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public long MaxUploadBytes => _options.MaxUploadBytes;

    internal VodUpload Create()
    {
        Trim();
        var upload = new VodUpload(UploadedAssetKeys.NewId());
        _uploads[upload.AssetId] = upload;
        return upload;
    }

    internal VodUpload? Find(string assetId) => _uploads.GetValueOrDefault(assetId);

    /// <summary>Streams <paramref name="body"/> into the store and indexes it; returns the final status (Ready or Failed).</summary>
    internal async Task<VodUploadStatus> ReceiveAsync(VodUpload upload, Stream body, long? length, string contentType, CancellationToken cancellationToken)
    {
        upload.TotalBytes = length;
        upload.State = VodUploadState.Receiving;
        var key = UploadedAssetKeys.Source(upload.AssetId);
        try
        {
            await using (var counted = new ProgressReadStream(body, upload, _options.MaxUploadBytes))
            {
                await _store.PutAsync(key, counted, length, contentType, cancellationToken).ConfigureAwait(false);
            }
            UploadedAssetLog.UploadReceived(_logger, upload.AssetId, upload.BytesReceived);
            upload.State = VodUploadState.Indexing;
            var presentation = await _source.IndexAsync(upload.AssetId, upload.BytesReceived, cancellationToken).ConfigureAwait(false);
            upload.DurationSeconds = presentation.Tracks.Max(t => t.DurationSeconds);
            upload.State = VodUploadState.Ready;
        }
        catch (Exception e) when (e is UploadTooLargeException or Mp4FormatException or IOException or InvalidDataException or OperationCanceledException)
        {
            upload.Error = e switch
            {
                Mp4FormatException f => $"{f.Reason}: {f.Message}",
                OperationCanceledException or IOException => "The upload was broken off before the whole file arrived.",
                _ => e.Message,
            };
            upload.State = VodUploadState.Failed;
            UploadedAssetLog.UploadFailed(_logger, upload.AssetId, upload.Error);
            await RemoveAsync(upload.AssetId).ConfigureAwait(false);
            if (e is UploadTooLargeException) throw;
        }
        return upload.ToStatus();
    }

    /// <summary>Progress of an upload this server is tracking, else what the store says (Ready when its index is there).</summary>
    public async Task<VodUploadStatus?> GetStatusAsync(string assetId, CancellationToken cancellationToken)
    {
        if (!UploadedAssetKeys.IsUploadedAssetId(assetId)) return null;
        if (_uploads.TryGetValue(assetId, out var upload)) return upload.ToStatus();
        var presentation = await _source.OpenUploadedAsync(assetId, cancellationToken).ConfigureAwait(false);
        if (presentation is null) return null;
        var length = (await _store.StatAsync(UploadedAssetKeys.Source(assetId), cancellationToken).ConfigureAwait(false))?.Length ?? 0;
        return Status(assetId, VodUploadState.Ready, length, length, null, presentation.Tracks.Max(t => t.DurationSeconds));
    }

    internal static VodUploadStatus Status(string assetId, VodUploadState state, long received, long? total, string? error, double? duration) =>
        new(assetId, state, received, total, error, $"/api/vod/uploads/{assetId}/content", $"/vod/{assetId}/index.m3u8", $"/vod/{assetId}/index.mpd", duration);

    private async Task RemoveAsync(string assetId)
    {
        _source.Forget(assetId);
        try
        {
            await _store.DeleteAsync(UploadedAssetKeys.Source(assetId), CancellationToken.None).ConfigureAwait(false);
            await _store.DeleteAsync(UploadedAssetKeys.Index(assetId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Left for an operator: an unindexed source is never served (its index cannot be built).
        }
    }

    private void Trim()
    {
        if (_uploads.Count < MaxTrackedUploads) return;
        foreach (var old in _uploads.Values.Where(u => u.State is VodUploadState.Ready or VodUploadState.Failed).OrderBy(u => u.CreatedAt).Take(_uploads.Count - MaxTrackedUploads + 1))
        {
            _uploads.TryRemove(old.AssetId, out _);
        }
    }
}
