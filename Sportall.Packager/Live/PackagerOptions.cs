namespace Sportall.Packager.Live;

/// <summary>Packager settings, bound from the "Packager" configuration section.</summary>
public sealed class PackagerOptions
{
    public const string SectionName = "Packager";

    /// <summary>Target media segment duration; segments are cut at the first keyframe at or after it.</summary>
    public int SegmentTargetMs { get; set; } = 2000;

    /// <summary>Target LL-HLS part duration (RFC 8216bis PART-TARGET).</summary>
    public int PartTargetMs { get; set; } = 500;

    /// <summary>How much media the live playlists and MPD advertise.</summary>
    public int LiveWindowSeconds { get; set; } = 60;

    /// <summary>How much of the live window stays in memory; older segments of the window are served from disk.</summary>
    public int MemoryWindowSeconds { get; set; } = 12;

    /// <summary>A publisher reconnecting within this time continues the same playlists (with a discontinuity).</summary>
    public int ReconnectGraceSeconds { get; set; } = 30;

    /// <summary>Where segments that left memory are kept while they are in the live window.</summary>
    public string DataPath { get; set; } = "data";
}
