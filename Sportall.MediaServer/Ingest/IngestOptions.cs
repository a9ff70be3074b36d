namespace Sportall.MediaServer.Ingest;

/// <summary>Configuration section "Ingest": the RTMP listener and its limits.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    public int RtmpPort { get; set; } = 1935;

    /// <summary>
    /// When false any stream key publishes under its own name (a warning is logged per publish);
    /// when true the registered <see cref="IStreamKeyValidator"/> decides.
    /// </summary>
    public bool RequireStreamKey { get; set; }

    /// <summary>RTMP applications served: the "live" of rtmp://host/live/key.</summary>
    public string[] Apps { get; set; } = ["live"];

    /// <summary>From accept until C2 is received; a real encoder needs one round trip.</summary>
    public int HandshakeTimeoutSeconds { get; set; } = 10;

    /// <summary>No byte received for this long closes the connection (a stalled encoder frees its name).</summary>
    public int IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Largest Set Chunk Size accepted from a peer. Encoders use 4096 to 65536; the message length is
    /// a 24-bit field, so a chunk above 16 MiB could never be filled and only signals a broken peer.
    /// </summary>
    public int MaxChunkSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Largest message accepted, in bytes. 250 Mb/s H.264 I-frames stay below 4 MiB at 25 fps even
    /// when one frame takes a third of a second's bits; 8 MiB keeps a margin without letting a
    /// peer make the server buffer the 16 MiB the length field allows on every chunk stream.
    /// </summary>
    public int MaxMessageSize { get; set; } = 8 * 1024 * 1024;

    public int MaxConnections { get; set; } = 1000;

    /// <summary>Pause before answering a refused key, to slow brute-force guessing.</summary>
    public int RefusedKeyDelayMs { get; set; } = 2000;

    /// <summary>Our chunk size, announced right after connect (RTMP 5.4.1 default is 128).</summary>
    public int OutgoingChunkSize { get; set; } = 4096;

    /// <summary>Window Acknowledgement Size and Set Peer Bandwidth we announce (FMS and nginx-rtmp use 2.5 MB).</summary>
    public int AcknowledgementWindowSize { get; set; } = 2_500_000;
}
