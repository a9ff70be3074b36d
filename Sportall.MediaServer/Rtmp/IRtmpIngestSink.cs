namespace Sportall.MediaServer.Rtmp;

/// <summary>Where the RTMP server hands accepted publishers over to the stream hub.</summary>
public interface IRtmpIngestSink
{
    /// <summary>
    /// Called after the key was accepted; returns null with a reason when the name is already live
    /// (second publisher).
    /// </summary>
    IRtmpPublishSession? BeginPublish(string playbackName, string remoteEndPoint, out string? refusalReason);
}
