using Sportall.Media.Model;
using Sportall.Media.Mp4.Reading;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>
/// Where each track of an uploaded file is cut into media segments, from its sample tables alone.
/// The first video track leads: a segment starts at its first sync sample at least the target duration (in
/// decode time) after the previous start. Every other track starts its segments at its first sample presented
/// at or after the lead's segment start, so all tracks share boundaries (within one audio frame) and a player
/// switching or aligning tracks finds the same segment numbers. Without video, audio is cut by duration.
/// </summary>
internal static class UploadedSegmentPlanner
{
    /// <summary>First sample of each segment, plus the sample count as a sentinel, for every track of <paramref name="movie"/>.</summary>
    public static int[][] Plan(Mp4Movie movie, double targetSeconds)
    {
        var plans = new int[movie.Tracks.Count][];
        var lead = movie.Tracks[0];
        plans[0] = lead.Info.Kind == MediaKind.Video ? CutAtSyncSamples(lead, targetSeconds) : CutByDuration(lead, targetSeconds);
        for (var t = 1; t < movie.Tracks.Count; t++)
        {
            plans[t] = AlignTo(movie.Tracks[t], lead, plans[0]);
        }
        return plans;
    }

    private static int[] CutAtSyncSamples(Mp4Track track, double targetSeconds)
    {
        var target = (long)Math.Max(1, Math.Round(targetSeconds * track.Info.Timescale));
        var starts = new List<int> { 0 };
        var segmentStart = track.DecodeTimes[0];
        for (var i = 1; i < track.SampleCount; i++)
        {
            if (track.IsSync[i] && track.DecodeTimes[i] - segmentStart >= target)
            {
                starts.Add(i);
                segmentStart = track.DecodeTimes[i];
            }
        }
        starts.Add(track.SampleCount);
        return [.. starts];
    }

    private static int[] CutByDuration(Mp4Track track, double targetSeconds)
    {
        var target = (long)Math.Max(1, Math.Round(targetSeconds * track.Info.Timescale));
        var starts = new List<int> { 0 };
        var segmentStart = track.DecodeTimes[0];
        for (var i = 1; i < track.SampleCount; i++)
        {
            if (track.DecodeTimes[i] - segmentStart >= target)
            {
                starts.Add(i);
                segmentStart = track.DecodeTimes[i];
            }
        }
        starts.Add(track.SampleCount);
        return [.. starts];
    }

    private static int[] AlignTo(Mp4Track track, Mp4Track lead, int[] leadStarts)
    {
        var starts = new List<int> { 0 };
        var sample = 0;
        long leadScale = lead.Info.Timescale, scale = track.Info.Timescale;
        for (var s = 1; s < leadStarts.Length - 1; s++)
        {
            // The lead segment starts where its first sample is presented; compare across timescales without rounding.
            var boundary = (Int128)lead.PresentationTime(leadStarts[s]);
            while (sample < track.SampleCount && (Int128)track.PresentationTime(sample) * leadScale < boundary * scale) sample++;
            if (sample >= track.SampleCount) break;
            if (sample > starts[^1]) starts.Add(sample); // an empty stretch (a gap in this track) joins the next segment
        }
        starts.Add(track.SampleCount);
        return [.. starts];
    }
}
