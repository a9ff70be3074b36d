using Microsoft.Extensions.Logging;

namespace Sportall.Packager.Vod.Clips;

internal static partial class ClipLog
{
    [LoggerMessage(1, LogLevel.Information, "Clip {ClipId}: {Mode} cut of {AssetId} from {StartSeconds:F3} s to {EndSeconds:F3} s stored ({Bytes} bytes)")]
    public static partial void Ready(ILogger logger, string clipId, ClipMode mode, string assetId, double startSeconds, double endSeconds, long bytes);

    [LoggerMessage(2, LogLevel.Warning, "Clip {ClipId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, Exception? exception, string clipId, string reason);
}
