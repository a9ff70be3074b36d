namespace Sportall.Media.Model;

/// <summary>
/// Where a demuxer (FLV from RTMP, MPEG-TS from SRT) delivers a publish session's media.
/// Calls come from one thread at a time, in decode order per track.
/// </summary>
public interface IMediaSink
{
    /// <summary>
    /// The stream's tracks are known (first call) or changed (a new sequence header, a track appearing).
    /// Access units that follow refer to these tracks by <see cref="TrackInfo.Index"/>.
    /// </summary>
    void OnTracks(IReadOnlyList<TrackInfo> tracks);

    /// <summary>One access unit. The sink takes over the caller's reference to <see cref="AccessUnit.Payload"/> and must release it.</summary>
    void OnAccessUnit(in AccessUnit unit);
}
