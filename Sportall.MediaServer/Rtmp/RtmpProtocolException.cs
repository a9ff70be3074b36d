namespace Sportall.MediaServer.Rtmp;

/// <summary>Malformed or refused input on one RTMP connection; the connection boundary logs it once and closes.</summary>
public sealed class RtmpProtocolException : Exception
{
    public RtmpProtocolException(RtmpProtocolError reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    public RtmpProtocolError Reason { get; }
}
