namespace Sportall.MediaServer.Cluster;

/// <summary>
/// Shared state across nodes, bound from the "Cluster" section. Off unless <see cref="Redis"/> is set:
/// a single node keeps its ownership in memory exactly as before.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>StackExchange.Redis configuration string ("redis:6379,password=…"); empty = single node.</summary>
    public string? Redis { get; set; }

    /// <summary>This node's id in ownership claims; defaults to the machine name (the pod name in Kubernetes).</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// The HTTP base URL edges use to reach this node's origin (in Kubernetes the pod's stable DNS name
    /// behind the headless Service); defaults to http://&lt;machine name&gt;:&lt;bound HTTP port&gt;/.
    /// </summary>
    public string? OriginUrl { get; set; }

    /// <summary>
    /// How long a claim outlives its last heartbeat: a node that dies frees its streams after this long.
    /// Keep it under the publishers' reconnect patience (OBS retries after 10 s by default), so a publisher
    /// reconnecting to another node after a crash finds the name free.
    /// </summary>
    public int ClaimTtlMs { get; set; } = 10_000;

    /// <summary>How often held claims are renewed; a third of the TTL survives two lost heartbeats.</summary>
    public int HeartbeatIntervalMs { get; set; } = 3_000;

    /// <summary>
    /// Upper bound of one Redis command on the publish path. A publish waits for its claim, so a slow Redis
    /// must not hold an encoder's connect for the client's 5 s default.
    /// </summary>
    public int CommandTimeoutMs { get; set; } = 1_000;

    /// <summary>Pub/sub channel of live started/ended events for every portal replica.</summary>
    public string EventsChannel { get; set; } = "sportall:events";

    /// <summary>Key prefix of ownership claims ("stream:&lt;name&gt;").</summary>
    public string StreamKeyPrefix { get; set; } = "stream:";

    /// <summary>Key prefix of the numbering records ("streamseq:&lt;name&gt;") a node that takes a stream over continues from.</summary>
    public string SequenceKeyPrefix { get; set; } = "streamseq:";

    /// <summary>
    /// How long a numbering record outlives its last heartbeat: as long as an edge or player may still hold
    /// objects of the stream (a day covers any cache lifetime we set).
    /// </summary>
    public int SequenceTtlMs { get; set; } = 86_400_000;
}
