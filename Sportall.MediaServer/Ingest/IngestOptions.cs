namespace Sportall.MediaServer.Ingest;

/// <summary>Configuration section "Ingest": the RTMP and SRT listeners and their limits.</summary>
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

    /// <summary>UDP port of the SRT listener (9000 is the common SRT default); 0 = any free port.</summary>
    public int SrtPort { get; set; } = 9000;

    /// <summary>Address the SRT listener binds (the host maps its bind address here).</summary>
    public string SrtBindAddress { get; set; } = "0.0.0.0";

    /// <summary>When false the SRT listener is not started.</summary>
    public bool SrtEnabled { get; set; } = true;

    /// <summary>
    /// SRTO_LATENCY in ms: how long the receiver holds packets so lost ones can be retransmitted.
    /// libsrt's 120 ms default is a LAN figure; Haivision's guidance is 3-4 × RTT, and contribution over
    /// the public internet sees 50-150 ms RTT with bursts, so 500 ms keeps a retransmission or two in
    /// hand without adding noticeable delay to an HLS pipeline that is seconds deep anyway. The caller's
    /// own latency wins when it is higher (both sides use the larger).
    /// </summary>
    public int SrtLatencyMs { get; set; } = 500;

    /// <summary>
    /// SRTO_MAXBW in bytes/s on our side of each connection (it caps what we send: ACKs, NAKs and, in
    /// bidirectional use, data). -1 = libsrt's default (no limit); 0 = relative to the input rate.
    /// </summary>
    public long SrtMaxBandwidthBytesPerSecond { get; set; } = -1;

    /// <summary>
    /// SRTO_PASSPHRASE required from every SRT caller unless the key's validator decision names its
    /// own (10 to 79 characters). Null or empty = no encryption required.
    /// </summary>
    public string? SrtPassphrase { get; set; }

    /// <summary>SRTO_PBKEYLEN: AES key length in bytes, 16, 24 or 32; 0 = libsrt's default (16, or the caller's).</summary>
    public int SrtPbKeyLength { get; set; }

    /// <summary>How often srt_bstats is read per connection for metrics and link-quality logs.</summary>
    public int SrtStatsIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Longest wait for a stream key validator that does not answer synchronously, inside libsrt's
    /// handshake callback. That thread receives every SRT packet of the port, so the bound stays well
    /// below SrtLatencyMs: other publishers' packets wait this long at most.
    /// </summary>
    public int SrtKeyValidationTimeoutMs { get; set; } = 200;
}
