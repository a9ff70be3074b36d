using Microsoft.Extensions.Logging;

namespace Sportall.MediaServer.Srt;

internal static partial class SrtLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "SRT listener on udp/{EndPoint} (latency {LatencyMs} ms, passphrase {Encryption})")]
    public static partial void Listening(ILogger logger, string endPoint, int latencyMs, string encryption);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "SRT caller {Remote} refused ({Reason}, code {Code}): {Detail}")]
    public static partial void Refused(ILogger logger, string remote, SrtRejection reason, int code, string detail);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "open publishing: any stream key is accepted; set Ingest:RequireStreamKey=true and register an IStreamKeyValidator to restrict who may publish (app '{App}', stream '{Stream}', from {Remote})")]
    public static partial void OpenPublishing(ILogger logger, string app, string stream, string remote);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "SRT publish started: '{PlaybackName}' from {Remote}")]
    public static partial void PublishStarted(ILogger logger, string playbackName, string remote);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "SRT publish ended: '{PlaybackName}' from {Remote} ({Why}, {Bytes} bytes)")]
    public static partial void PublishEnded(ILogger logger, string playbackName, string remote, string why, long bytes);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
        Message = "SRT link of '{PlaybackName}' degrading: loss {LossPercent:F1} %, {Dropped} packets dropped too late, RTT {RttMs:F0} ms, receive buffer {BufferMs} ms of {LatencyMs} ms latency")]
    public static partial void LinkDegrading(ILogger logger, string playbackName, double lossPercent, int dropped, double rttMs, int bufferMs, int latencyMs);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "SRT publish '{PlaybackName}' failed in the ingest session")]
    public static partial void SessionFailed(ILogger logger, string playbackName, Exception exception);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "SRT receive loop failed")]
    public static partial void ReceiveLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Debug, Message = "libsrt [{Area}] {Message}")]
    public static partial void Native(ILogger logger, string area, string message);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "SRT caller {Remote} refused by libsrt: {Reason}")]
    public static partial void RefusedByLibrary(ILogger logger, string remote, SrtRejection reason);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "SRT listen callback failed; the caller was refused with 1500")]
    public static partial void ListenCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "SRT ingest is off (Ingest:SrtEnabled=false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error,
        Message = "SRT ingest is OFF: libsrt could not be loaded ({Detail}). Install the Debian package libsrt1.5-gnutls or libsrt1.5-openssl; RTMP ingest and playback work without it")]
    public static partial void LibraryMissing(ILogger logger, string detail);
}
