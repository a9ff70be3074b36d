namespace Sportall.Packager.Recording;

/// <summary>Recording settings, bound from the "Recording" configuration section.</summary>
public sealed class RecordingOptions
{
    public const string SectionName = "Recording";

    /// <summary>Every live is recorded into the object store and becomes a replay when it ends.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local folder segments wait in until the store has them; empty means <c>&lt;Packager:DataPath&gt;/recording-spool</c>.</summary>
    public string? SpoolPath { get; set; }

    /// <summary>Object store prefix of recorded assets: <c>{KeyPrefix}/{assetId}/…</c>.</summary>
    public string KeyPrefix { get; set; } = "recordings";

    /// <summary>First wait after a failed upload; each further failure doubles it up to <see cref="RetryMaxMs"/>.</summary>
    public int RetryInitialMs { get; set; } = 500;

    /// <summary>Longest wait between upload attempts: an outage of hours retries every 30 s and loses nothing (the spool holds it).</summary>
    public int RetryMaxMs { get; set; } = 30_000;

    /// <summary>
    /// DVR window (seconds) of <c>/dvr/{name}/…</c>, meant to be longer than <c>Packager:LiveWindowSeconds</c>;
    /// 0 turns DVR off. Listed from the recording; segments are served from the spool or the store.
    /// </summary>
    public int DvrWindowSeconds { get; set; }

    /// <summary>
    /// Event: the DVR playlist lists the whole event (HLS EXT-X-PLAYLIST-TYPE:EVENT, no DASH time-shift limit).
    /// Sliding: the last <see cref="DvrWindowSeconds"/> only (DASH timeShiftBufferDepth to match).
    /// </summary>
    public DvrPlaylistMode DvrMode { get; set; } = DvrPlaylistMode.Sliding;

    /// <summary>ffmpeg that decodes each replay's poster frame when the recording closes; empty: no posters.</summary>
    public string? FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Memory for recently served replay segments (read from the store once, served to every viewer); 0 turns it off.</summary>
    public int SegmentCacheMegabytes { get; set; } = 64;
}
