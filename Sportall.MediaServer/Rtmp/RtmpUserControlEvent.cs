namespace Sportall.MediaServer.Rtmp;

/// <summary>User Control event types (RTMP specification 1.0, section 7.1.7).</summary>
public enum RtmpUserControlEvent : ushort
{
    StreamBegin = 0,
    StreamEof = 1,
    StreamDry = 2,
    SetBufferLength = 3,
    StreamIsRecorded = 4,
    PingRequest = 6,
    PingResponse = 7,
}
