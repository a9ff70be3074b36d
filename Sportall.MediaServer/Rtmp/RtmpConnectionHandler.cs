using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sportall.MediaServer.Ingest;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// The RTMP ingest server on Kestrel's connection middleware:
/// <c>options.ListenAnyIP(1935, l =&gt; l.UseConnectionHandler&lt;RtmpConnectionHandler&gt;())</c>.
/// Each connection is served by an <see cref="RtmpServerConnection"/>; a protocol error closes that
/// connection only, after one log line.
/// </summary>
public sealed class RtmpConnectionHandler(
    IRtmpIngestSink sink,
    IStreamKeyValidator validator,
    IOptions<IngestOptions> options,
    ILogger<RtmpConnectionHandler> logger) : ConnectionHandler
{
    private int _activeConnections;

    public int ActiveConnections => Volatile.Read(ref _activeConnections);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var settings = options.Value;
        var remote = connection.RemoteEndPoint?.ToString() ?? connection.ConnectionId;
        var active = Interlocked.Increment(ref _activeConnections);
        try
        {
            if (active > settings.MaxConnections)
            {
                RtmpLog.TooManyConnections(logger, remote, active - 1, settings.MaxConnections);
                RtmpMetrics.Rejected(RtmpProtocolError.TooManyConnections);
                return;
            }

            RtmpMetrics.Connections.Inc();
            try
            {
                using var rtmp = new RtmpServerConnection(connection.Transport, remote, sink, validator, settings, logger,
                    connection.ConnectionClosed);
                await rtmp.RunAsync();
                RtmpLog.ConnectionEnded(logger, remote);
            }
            catch (RtmpProtocolException exception)
            {
                RtmpMetrics.Rejected(exception.Reason);
                if (IsRefusal(exception.Reason))
                {
                    RtmpLog.Refused(logger, remote, exception.Reason, exception.Message);
                }
                else
                {
                    RtmpLog.ProtocolError(logger, remote, exception.Reason, exception.Message);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or ConnectionResetException or IOException)
            {
                RtmpLog.ConnectionEnded(logger, remote);
            }
            catch (Exception exception)
            {
                RtmpLog.UnexpectedError(logger, remote, exception);
            }
            finally
            {
                RtmpMetrics.Connections.Dec();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _activeConnections);
        }
    }

    private static bool IsRefusal(RtmpProtocolError reason) => reason is
        RtmpProtocolError.ApplicationRejected or RtmpProtocolError.StreamKeyRefused or RtmpProtocolError.BadStreamName or
        RtmpProtocolError.StreamAlreadyLive or RtmpProtocolError.PlaybackNotSupported;
}
