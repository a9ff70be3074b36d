namespace Sportall.MediaServer.Hosting;

internal static partial class ReceiveThreadLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {ConnectionId}: the peer did not take what was sent for {TimeoutMs} ms; closing it")]
    public static partial void SendTimedOut(ILogger logger, string connectionId, int timeoutMs);
}
