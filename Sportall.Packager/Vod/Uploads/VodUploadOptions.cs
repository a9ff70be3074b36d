namespace Sportall.Packager.Vod.Uploads;

/// <summary>Uploaded-file VOD settings, bound from the "VodUploads" configuration section.</summary>
public sealed class VodUploadOptions
{
    public const string SectionName = "VodUploads";

    /// <summary>Media segments are cut at the first keyframe at or after this duration (HLS authoring guidelines suggest 6 s; 4 s starts faster).</summary>
    public double SegmentTargetSeconds { get; set; } = 4;

    /// <summary>Largest accepted upload; a request declaring or streaming more is refused with 413.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024 * 1024;

    /// <summary>Memory the cached sample indexes may take (about 30 bytes a sample: a 2 h 30 fps film with AAC ≈ 16 MB).</summary>
    public long IndexCacheBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Sample runs closer than this in the file are fetched with one range read (the bytes between are skipped).</summary>
    public int CoalesceGapBytes { get; set; } = 64 * 1024;

    /// <summary>The ffmpeg executable clips are muxed (keyframe mode, stream copy) or re-encoded (exact mode) with.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Longest clip accepted: clips are for sharing, and an exact clip is re-encoded.</summary>
    public double MaxClipSeconds { get; set; } = 600;

    /// <summary>Where clip jobs keep their temporary files; the system temp folder when empty.</summary>
    public string? WorkPath { get; set; }
}
