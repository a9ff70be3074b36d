using Sportall.Media.Model;
using Sportall.MediaServer.Hub;

namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// Where a transcoder delivers its renditions: tracks of the same live stream as the source they were
/// made from (the packager serves them next to the passthrough rendition). Indices are the transcoder's
/// (<see cref="LiveTranscoder.RenditionIndexBase"/> and up), distinct from the publisher's.
/// </summary>
public interface ILiveRenditionSink
{
    /// <summary>A rendition's configuration is known (its first output) or changed (a restarted transcoder).</summary>
    void OnRenditionTrack(LiveSource source, TrackInfo track);

    /// <summary>One rendition frame on the source's timeline. Takes over the caller's reference to the payload.</summary>
    void OnRenditionUnit(LiveSource source, in AccessUnit unit);
}
