using Sportall.Media.Model;
using Sportall.Packager.Dash;
using Sportall.Packager.Hls;

namespace Sportall.Packager.Vod;

/// <summary>
/// Renders the static MPD of a VOD asset (ISO/IEC 23009-1, on-demand use of the live profile's templates):
/// <code>
/// MPD type=static mediaPresentationDuration
///   Period id=0 start=PT0S
///     AdaptationSet contentType=video|audio
///       Representation id=trackId codecs bandwidth …
///         SegmentTemplate media="$RepresentationID$/seg-$Number$.m4s" initialization="$RepresentationID$/init.mp4"
///                         startNumber=0 timescale presentationTimeOffset
///           SegmentTimeline  S t d r
/// </code>
/// $Number$ is the same 0-based index the HLS playlists use, so both name the same files.
/// </summary>
internal static class VodMpdWriter
{
    public static bool TryWrite(ManifestTextBuilder text, IVodPresentation presentation)
    {
        // The presentation starts at the earliest first sample of any track; each track's
        // presentationTimeOffset is that instant in its own timescale, which keeps the tracks in sync
        // (ISO/IEC 23009-1 §5.3.9.2: media time PTO maps to the Period start).
        double startSeconds = double.MaxValue, endSeconds = 0, maxSegmentSeconds = 0;
        foreach (var track in presentation.Tracks)
        {
            if (track.Segments.IsDefaultOrEmpty) continue;
            var ts = (double)track.Info.Timescale;
            startSeconds = Math.Min(startSeconds, track.Segments[0].StartTicks / ts);
            endSeconds = Math.Max(endSeconds, (track.Segments[^1].StartTicks + track.Segments[^1].DurationTicks) / ts);
            foreach (var segment in track.Segments) maxSegmentSeconds = Math.Max(maxSegmentSeconds, segment.DurationTicks / ts);
        }
        if (startSeconds == double.MaxValue)
        {
            return false;
        }

        text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD xmlns=\""u8).Append(DashMpdWriter.Namespace)
            .Append("\" profiles=\""u8).Append(DashMpdWriter.Profiles)
            .Append("\" type=\"static\" mediaPresentationDuration=\""u8).AppendXsDuration(endSeconds - startSeconds)
            .Append("\" minBufferTime=\""u8).AppendXsDuration(maxSegmentSeconds)
            .Append("\" maxSegmentDuration=\""u8).AppendXsDuration(maxSegmentSeconds)
            .Append("\">\n  <Period id=\"0\" start=\"PT0S\">\n"u8);
        WriteAdaptationSet(text, presentation, MediaKind.Video, 0, startSeconds);
        WriteAdaptationSet(text, presentation, MediaKind.Audio, 1, startSeconds);
        text.Append("  </Period>\n</MPD>\n"u8);
        return true;
    }

    private static void WriteAdaptationSet(ManifestTextBuilder text, IVodPresentation presentation, MediaKind kind, int id, double startSeconds)
    {
        var opened = false;
        foreach (var track in presentation.Tracks)
        {
            if (track.Info.Kind != kind || track.Segments.IsDefaultOrEmpty) continue;
            if (!opened)
            {
                text.Append("    <AdaptationSet id=\""u8).Append(id)
                    .Append(kind == MediaKind.Video
                        ? "\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n"u8
                        : "\" contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n"u8);
                opened = true;
            }
            var info = track.Info;
            text.Append("      <Representation id=\""u8).AppendXmlEscaped(track.Id)
                .Append("\" codecs=\""u8).AppendXmlEscaped(info.CodecString)
                .Append("\" bandwidth=\""u8).Append(Math.Max(1, track.PeakBandwidth)).Append("\""u8);
            if (kind == MediaKind.Video)
            {
                if (info.Width > 0 && info.Height > 0)
                {
                    text.Append(" width=\""u8).Append(info.Width).Append("\" height=\""u8).Append(info.Height).Append("\""u8);
                }
                if (info.FrameRate > 0)
                {
                    text.Append(" frameRate=\""u8);
                    DashMpdWriter.AppendFrameRate(text, info.FrameRate);
                    text.Append("\""u8);
                }
                text.Append(">\n"u8);
            }
            else
            {
                if (info.SampleRate > 0) text.Append(" audioSamplingRate=\""u8).Append(info.SampleRate).Append("\""u8);
                text.Append(">\n"u8);
                if (info.ChannelCount > 0)
                {
                    text.Append("        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\""u8)
                        .Append(info.ChannelCount).Append("\"/>\n"u8);
                }
            }
            var pto = (long)Math.Floor(startSeconds * info.Timescale);
            text.Append("        <SegmentTemplate media=\"$RepresentationID$/seg-$Number$.m4s\" initialization=\"$RepresentationID$/init.mp4\" startNumber=\"0\" timescale=\""u8)
                .Append(info.Timescale).Append("\" presentationTimeOffset=\""u8).Append(pto)
                .Append("\">\n          <SegmentTimeline>\n"u8);
            WriteTimeline(text, track);
            text.Append("          </SegmentTimeline>\n        </SegmentTemplate>\n      </Representation>\n"u8);
        }
        if (opened) text.Append("    </AdaptationSet>\n"u8);
    }

    /// <summary>Run-length S elements; @t where the timeline starts or jumps (§5.3.9.6: an absent @t continues from the previous end).</summary>
    private static void WriteTimeline(ManifestTextBuilder text, VodTrack track)
    {
        long expected = long.MinValue, runStart = 0, runDuration = 0;
        int repeat = -1;
        bool withTime = false;
        foreach (var segment in track.Segments)
        {
            var contiguous = segment.StartTicks == expected;
            if (repeat >= 0 && contiguous && segment.DurationTicks == runDuration)
            {
                repeat++;
            }
            else
            {
                if (repeat >= 0) WriteS(text, withTime, runStart, runDuration, repeat);
                withTime = !contiguous;
                runStart = segment.StartTicks;
                runDuration = segment.DurationTicks;
                repeat = 0;
            }
            expected = segment.StartTicks + segment.DurationTicks;
        }
        if (repeat >= 0) WriteS(text, withTime, runStart, runDuration, repeat);
    }

    private static void WriteS(ManifestTextBuilder text, bool withTime, long start, long duration, int repeat)
    {
        text.Append("            <S"u8);
        if (withTime) text.Append(" t=\""u8).Append(start).Append("\""u8);
        text.Append(" d=\""u8).Append(duration).Append("\""u8);
        if (repeat > 0) text.Append(" r=\""u8).Append(repeat).Append("\""u8);
        text.Append("/>\n"u8);
    }
}
