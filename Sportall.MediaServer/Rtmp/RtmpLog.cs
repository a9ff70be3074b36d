using Microsoft.Extensions.Logging;

namespace Sportall.MediaServer.Rtmp;

internal static partial class RtmpLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning,
        Message = "RTMP connection from {Remote} refused: {Active} connections open, Ingest:MaxConnections is {Max}")]
    public static partial void TooManyConnections(ILogger logger, string remote, int active, int max);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "RTMP connection from {Remote} closed ({Reason}): {Detail}")]
    public static partial void ProtocolError(ILogger logger, string remote, RtmpProtocolError reason, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "RTMP connection from {Remote} refused ({Reason}): {Detail}")]
    public static partial void Refused(ILogger logger, string remote, RtmpProtocolError reason, string detail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "open publishing: any stream key is accepted; set Ingest:RequireStreamKey=true and register an IStreamKeyValidator to restrict who may publish (app '{App}', stream '{Stream}', from {Remote})")]
    public static partial void OpenPublishing(ILogger logger, string app, string stream, string remote);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "RTMP publish started: '{PlaybackName}' from {Remote} (app '{App}')")]
    public static partial void PublishStarted(ILogger logger, string playbackName, string remote, string app);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information,
        Message = "RTMP publish ended: '{PlaybackName}' from {Remote}")]
    public static partial void PublishEnded(ILogger logger, string playbackName, string remote);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug,
        Message = "RTMP connection from {Remote} ended")]
    public static partial void ConnectionEnded(ILogger logger, string remote);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error,
        Message = "RTMP connection from {Remote} failed unexpectedly")]
    public static partial void UnexpectedError(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug,
        Message = "RTMP {Remote}: unknown command '{Command}' (transaction {TransactionId})")]
    public static partial void UnknownCommand(ILogger logger, string remote, string command, double transactionId);
}
