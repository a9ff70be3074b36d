namespace Sportall.MediaServer.Srt;

/// <summary>Where the SRT listener hands accepted publishers over to the stream hub.</summary>
public interface ISrtIngestSink
{
    /// <summary>
    /// Called after the stream id was parsed and the key accepted; returns null with a reason when the
    /// name is already live (a second publisher won the race past <see cref="IsLive"/>).
    /// </summary>
    ISrtPublishSession? BeginPublish(string playbackName, string remoteEndPoint, out string? refusalReason);

    /// <summary>
    /// Lets the listen callback refuse a duplicate during the handshake (SRT_REJX_CONFLICT), before the
    /// caller believes it is connected. Called on libsrt's receive thread: must not block.
    /// </summary>
    bool IsLive(string playbackName);
}
