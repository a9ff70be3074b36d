using System.Collections.Immutable;
using Sportall.Packager.Live;

namespace Sportall.Packager.Recording;

/// <summary>Which recorded segments a DVR manifest lists.</summary>
internal static class DvrWindow
{
    /// <summary>
    /// Index of the first listed segment: 0 in event mode; in sliding mode the oldest segment that still ends
    /// within <paramref name="windowSeconds"/> of the newest end (at least the newest segment is listed).
    /// </summary>
    public static int FirstIndex(ImmutableList<CmafSegment> segments, int windowSeconds, DvrPlaylistMode mode)
    {
        if (mode == DvrPlaylistMode.Event || segments.Count == 0)
        {
            return 0;
        }
        double total = 0;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            total += segments[i].DurationSeconds;
            if (total > windowSeconds)
            {
                return Math.Min(i + 1, segments.Count - 1);
            }
        }
        return 0;
    }
}
