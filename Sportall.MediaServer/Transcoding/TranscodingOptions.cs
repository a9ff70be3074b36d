namespace Sportall.MediaServer.Transcoding;

/// <summary>The <c>Transcoding</c> configuration section: the ABR ladder made next to the passthrough rendition.</summary>
public sealed class TranscodingOptions
{
    public const string SectionName = "Transcoding";

    /// <summary>
    /// Off by default: a ladder costs about one CPU core per 720p stream with libx264, so a fresh
    /// all-in-one install on a small machine would otherwise start burning CPU on the first publish.
    /// Passthrough serves every stream either way.
    /// </summary>
    public bool Enabled { get; set; }

    public HardwareAcceleration HardwareAcceleration { get; set; } = HardwareAcceleration.Auto;

    /// <summary>Rungs from high to low; a rung at or above the source height is skipped (never upscale).</summary>
    public List<TranscodeRung> Rungs { get; set; } = [];

    /// <summary>The default ladder when <see cref="Rungs"/> is empty: 720p 3 Mb/s, 480p 1.2 Mb/s, 360p 0.6 Mb/s.</summary>
    public static IReadOnlyList<TranscodeRung> DefaultRungs { get; } =
    [
        new() { Height = 720, VideoBitrateKbps = 3000, Profile = "high" },
        new() { Height = 480, VideoBitrateKbps = 1200, Profile = "main" },
        new() { Height = 360, VideoBitrateKbps = 600, Profile = "main" },
    ];

    /// <summary>libx264 preset of the CPU path (and the decode-only NVIDIA path).</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>A JPEG poster every this many seconds per stream; 0 turns posters off.</summary>
    public int ThumbnailIntervalSeconds { get; set; } = 10;

    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>First restart delay after a crash or stall; doubles up to <see cref="MaxRestartDelayMs"/>.</summary>
    public int MinRestartDelayMs { get; set; } = 500;

    public int MaxRestartDelayMs { get; set; } = 15_000;

    /// <summary>No output for this long while input is fed: the process is stalled and gets killed.</summary>
    public int StallTimeoutMs { get; set; } = 10_000;

    /// <summary>Where posters go: <c>{DataPath}/posters/{stream}.jpg</c>; the packager's data folder when empty.</summary>
    public string? DataPath { get; set; }

    public IReadOnlyList<TranscodeRung> EffectiveRungs => Rungs.Count > 0 ? Rungs : DefaultRungs;
}
