using System.Text.Json.Serialization;

namespace Sportall.MediaServer.Cluster;

[JsonSerializable(typeof(StreamOwner))]
[JsonSerializable(typeof(LiveEvent))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
