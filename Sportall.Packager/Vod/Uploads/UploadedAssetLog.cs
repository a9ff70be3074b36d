using Microsoft.Extensions.Logging;

namespace Sportall.Packager.Vod.Uploads;

internal static partial class UploadedAssetLog
{
    [LoggerMessage(1, LogLevel.Information, "Asset {AssetId}: indexed {Tracks} tracks, {Samples} samples, moov at {MoovOffset} of {Length} bytes in {ElapsedMs} ms")]
    public static partial void Indexed(ILogger logger, string assetId, int tracks, long samples, long moovOffset, long length, long elapsedMs);

    [LoggerMessage(2, LogLevel.Warning, "Asset {AssetId}: the stored index is stale or unreadable; rebuilding it from the source")]
    public static partial void IndexRebuilt(ILogger logger, string assetId);

    [LoggerMessage(3, LogLevel.Warning, "Asset {AssetId}: the source cannot be served ({Reason})")]
    public static partial void Unservable(ILogger logger, Exception exception, string assetId, Sportall.Media.Mp4.Reading.Mp4FormatError reason);

    [LoggerMessage(4, LogLevel.Warning, "Asset {AssetId}: storing the index failed; it will be rebuilt on the next load")]
    public static partial void IndexNotStored(ILogger logger, Exception exception, string assetId);

    [LoggerMessage(5, LogLevel.Information, "Upload {AssetId}: {Bytes} bytes received")]
    public static partial void UploadReceived(ILogger logger, string assetId, long bytes);

    [LoggerMessage(6, LogLevel.Warning, "Upload {AssetId} failed: {Reason}")]
    public static partial void UploadFailed(ILogger logger, string assetId, string reason);

}
