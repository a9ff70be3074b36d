using Sportall.Media.Model;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// Track ids as they appear in URLs (<c>/live/&lt;stream&gt;/&lt;trackId&gt;/…</c>). The rule: the first video
/// track of a publish session is <c>video</c>, the first audio track is <c>audio</c>; the names do not
/// depend on the encoder's track indexes, so they stay the same across periods (reconnects, codec changes)
/// and players keep their rendition URLs. Further renditions made by the packager side (transcoding) take
/// the kind plus a suffix, e.g. <c>video_720p</c>, <c>audio_64k</c>; ids are lowercase ASCII letters, digits and '_'.
/// </summary>
internal static class TrackIds
{
    public const string Video = "video";
    public const string Audio = "audio";

    public static string For(MediaKind kind) => kind == MediaKind.Video ? Video : Audio;

    /// <summary>A further video track: <c>video_{height}p</c>, with <c>_2</c>, <c>_3</c>… when a height repeats.</summary>
    public static string ForRendition(TrackInfo info, IReadOnlySet<string> taken)
    {
        var id = info.Height > 0 ? $"{Video}_{info.Height}p" : $"{Video}_{info.Index}";
        if (!taken.Contains(id)) return id;
        for (var n = 2; ; n++)
        {
            var candidate = $"{id}_{n}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }
}
