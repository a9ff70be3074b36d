namespace Sportall.MediaServer.Edge;

/// <summary>Why a playback token was refused (logged and counted; the viewer only sees 403).</summary>
public enum PlaybackTokenRejection
{
    None,
    Missing,
    Malformed,
    UnknownKey,
    BadSignature,
    Expired,
    WrongPath,
    WrongClientAddress,
}
