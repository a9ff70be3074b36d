using System.Text.Json.Serialization;

namespace Sportall.Packager.Vod.Clips;

[JsonConverter(typeof(JsonStringEnumConverter<ClipState>))]
public enum ClipState
{
    Queued,
    Running,
    Ready,
    Failed,
}
