using Microsoft.Extensions.Logging;

namespace Sportall.Packager.Segmentation;

internal static partial class LiveStreamPackagerLog
{
    [LoggerMessage(1, LogLevel.Information, "Stream {Stream}: period {Period} starts at {StartSeconds:F3} s with tracks {Tracks}")]
    public static partial void PeriodStarted(ILogger logger, string stream, int period, double startSeconds, string tracks);

    [LoggerMessage(2, LogLevel.Information, "Stream {Stream}: track {TrackIndex} ({Kind}) is not packaged: only the first audio track is, and track indexes must be new")]
    public static partial void TrackIgnored(ILogger logger, string stream, int trackIndex, Sportall.Media.Model.MediaKind kind);

    [LoggerMessage(3, LogLevel.Warning, "Stream {Stream}: dropped {Count} access units of period {Period} (before the period start, non-increasing DTS or before the first keyframe)")]
    public static partial void UnitsDropped(ILogger logger, string stream, int period, long count);

    [LoggerMessage(4, LogLevel.Warning, "Stream {Stream}: writing or deleting {Path} failed")]
    public static partial void DiskOperationFailed(ILogger logger, Exception exception, string stream, string path);

    [LoggerMessage(5, LogLevel.Information, "Stream {Stream}: publisher lost, final segment flushed")]
    public static partial void PublisherLost(ILogger logger, string stream);

    [LoggerMessage(6, LogLevel.Warning, "Stream {Stream}: track {Track} waited for the leading track too long; {Count} samples dropped")]
    public static partial void FollowerBacklogDropped(ILogger logger, string stream, string track, int count);

    [LoggerMessage(7, LogLevel.Information, "Stream {Stream}: renditions {Tracks} join period {Period} at its next segment")]
    public static partial void TracksAdded(ILogger logger, string stream, int period, string tracks);
}
