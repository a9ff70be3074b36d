using System.Text.Json.Serialization;

namespace Sportall.Packager.Vod.Clips;

/// <summary>How a clip is cut.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClipMode>))]
public enum ClipMode
{
    /// <summary>Stream copy from the keyframe at or before the start: no re-encoding, fast, starts up to one GOP early.</summary>
    Keyframe,

    /// <summary>Re-encoded with ffmpeg from exactly the start to the end (frame-accurate).</summary>
    Exact,
}
