namespace Sportall.MediaServer.Edge;

internal static partial class EdgeLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Origin fetch of {Key} failed: {Reason}; answering {Status}")]
    public static partial void OriginFailed(ILogger logger, string key, string reason, int status);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Origin fetch of {Key} failed: {Reason}; serving the copy from {AgeMs} ms ago (stale-if-error)")]
    public static partial void ServedStale(ILogger logger, string key, string reason, long ageMs);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Playback token refused for {Path} from {Client}: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string path, string? client, PlaybackTokenRejection reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Shared cache (Redis) unavailable, continuing with this node's memory: {Error}")]
    public static partial void SharedStoreFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Edge {Edge} in front of {Origins}; shared store {Redis}; signing {Signing}")]
    public static partial void Started(ILogger logger, string edge, string origins, string redis, string signing);
}
