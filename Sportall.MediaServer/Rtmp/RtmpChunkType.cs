namespace Sportall.MediaServer.Rtmp;

/// <summary>The "fmt" field of a chunk basic header: which message header follows (RTMP 5.3.1.2).</summary>
public enum RtmpChunkType : byte
{
    /// <summary>11 bytes: absolute timestamp, length, type id, message stream id.</summary>
    Type0 = 0,
    /// <summary>7 bytes: timestamp delta, length, type id (same message stream).</summary>
    Type1 = 1,
    /// <summary>3 bytes: timestamp delta only.</summary>
    Type2 = 2,
    /// <summary>No header: continuation, or a new message repeating the previous header.</summary>
    Type3 = 3,
}
