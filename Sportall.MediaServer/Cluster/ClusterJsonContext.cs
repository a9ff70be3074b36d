using System.Text.Json.Serialization;

namespace Sportall.MediaServer.Cluster;

[JsonSerializable(typeof(StreamOwner))]
[JsonSerializable(typeof(LiveEvent))]
[JsonSerializable(typeof(StreamSequenceRecord))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
