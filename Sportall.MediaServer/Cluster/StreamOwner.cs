using System.Text.Json.Serialization;

namespace Sportall.MediaServer.Cluster;

/// <summary>The value of a <c>stream:&lt;name&gt;</c> claim: which node publishes the name and where its origin answers.</summary>
public sealed record StreamOwner(
    [property: JsonPropertyName("node")] string NodeId,
    [property: JsonPropertyName("origin")] string OriginUrl,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("since")] DateTimeOffset Since);
