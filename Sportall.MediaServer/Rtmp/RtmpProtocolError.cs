namespace Sportall.MediaServer.Rtmp;

/// <summary>Why an RTMP connection was closed by the server.</summary>
public enum RtmpProtocolError
{
    UnsupportedVersion,
    HttpOnRtmpPort,
    TlsOnRtmpPort,
    HandshakeTimeout,
    IdleTimeout,
    ChunkSizeTooLarge,
    InvalidChunkSize,
    MessageTooLarge,
    TooManyChunkStreams,
    ChunkWithoutPreviousHeader,
    MalformedControlMessage,
    MalformedCommand,
    CommandBeforeConnect,
    ApplicationRejected,
    TooManyConnections,
    StreamKeyRefused,
    BadStreamName,
    StreamAlreadyLive,
    PlaybackNotSupported,
    PublishSessionFailed,
}
