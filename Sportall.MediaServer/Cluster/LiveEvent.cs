using System.Text.Json.Serialization;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// A message on the events channel: <c>{"type":"live-started"|"live-ended","stream":…,"node":…,"origin":…,"at":…}</c>.
/// "live-ended" means the publisher is gone; a reconnect within the packager's grace period sends
/// "live-started" again for the same stream.
/// </summary>
public sealed record LiveEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("node")] string NodeId,
    [property: JsonPropertyName("origin")] string OriginUrl,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    public const string Started = "live-started";
    public const string Ended = "live-ended";
}
