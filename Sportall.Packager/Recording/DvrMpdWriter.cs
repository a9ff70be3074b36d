using Sportall.Media.Model;
using Sportall.Packager.Dash;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Recording;

/// <summary>
/// The DVR MPD: the live's recorded segments of the window, one Period per live period, dynamic while the
/// live goes on with timeShiftBufferDepth = the DVR window (sliding mode; event mode sets none, ISO/IEC
/// 23009-1 §5.3.1.2: absent means the whole presentation stays available), static once it ended.
/// </summary>
internal static class DvrMpdWriter
{
    public static bool TryWrite(ManifestTextBuilder text, DvrSnapshot dvr, int windowSeconds, DvrPlaylistMode mode, DateTimeOffset publishTime, string timeUrl)
    {
        double endSeconds = 0, maxSegmentSeconds = 0;
        var firstIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (trackId, segments) in dvr.Segments)
        {
            if (segments.IsEmpty) continue;
            var first = DvrWindow.FirstIndex(segments, windowSeconds, mode);
            firstIndexes[trackId] = first;
            for (var i = first; i < segments.Count; i++) maxSegmentSeconds = Math.Max(maxSegmentSeconds, segments[i].DurationSeconds);
            var last = segments[^1];
            endSeconds = Math.Max(endSeconds, (double)(last.StartTicks + last.DurationTicks) / last.Timescale);
        }
        if (firstIndexes.Count == 0)
        {
            return false;
        }

        var dynamic = !dvr.Ended;
        text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD xmlns=\""u8).Append(DashMpdWriter.Namespace)
            .Append("\" profiles=\""u8).Append(DashMpdWriter.Profiles).Append("\""u8);
        if (dynamic)
        {
            text.Append(" type=\"dynamic\" availabilityStartTime=\""u8).AppendDateTime(dvr.StreamZero)
                .Append("\" publishTime=\""u8).AppendDateTime(publishTime)
                .Append("\" minimumUpdatePeriod=\""u8).AppendXsDuration(maxSegmentSeconds);
            if (mode == DvrPlaylistMode.Sliding)
            {
                text.Append("\" timeShiftBufferDepth=\""u8).AppendXsDuration(windowSeconds);
            }
            text.Append("\" suggestedPresentationDelay=\""u8).AppendXsDuration(3 * maxSegmentSeconds).Append("\""u8);
        }
        else
        {
            text.Append(" type=\"static\" mediaPresentationDuration=\""u8).AppendXsDuration(endSeconds).Append("\""u8);
        }
        text.Append(" minBufferTime=\""u8).AppendXsDuration(maxSegmentSeconds)
            .Append("\" maxSegmentDuration=\""u8).AppendXsDuration(maxSegmentSeconds).Append("\">\n"u8);

        foreach (var period in dvr.Periods)
        {
            WritePeriod(text, dvr, period, firstIndexes);
        }
        if (dynamic)
        {
            text.Append("  <UTCTiming schemeIdUri=\""u8).Append(DashMpdWriter.UtcTimingScheme)
                .Append("\" value=\""u8).AppendXmlEscaped(timeUrl).Append("\"/>\n"u8);
        }
        text.Append("</MPD>\n"u8);
        return true;
    }

    private static void WritePeriod(ManifestTextBuilder text, DvrSnapshot dvr, PackagedPeriod period, Dictionary<string, int> firstIndexes)
    {
        var opened = false;
        foreach (var kind in (ReadOnlySpan<MediaKind>)[MediaKind.Video, MediaKind.Audio])
        {
            var setOpened = false;
            foreach (var track in period.Tracks)
            {
                if (track.Info.Kind != kind || !firstIndexes.TryGetValue(track.Id, out var first)) continue;
                var segments = dvr.Segments[track.Id];
                var from = first;
                while (from < segments.Count && segments[from].PeriodIndex < period.Index) from++;
                if (from == segments.Count || segments[from].PeriodIndex != period.Index) continue;
                if (!opened)
                {
                    text.Append("  <Period id=\""u8).Append(period.Index).Append("\" start=\""u8).AppendXsDuration(period.StartSeconds).Append("\">\n"u8);
                    opened = true;
                }
                if (!setOpened)
                {
                    text.Append(kind == MediaKind.Video
                        ? "    <AdaptationSet contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n"u8
                        : "    <AdaptationSet contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n"u8);
                    setOpened = true;
                }
                var info = track.Info;
                long peak = 1;
                for (var i = from; i < segments.Count && segments[i].PeriodIndex == period.Index; i++)
                {
                    var s = segments[i];
                    if (s.DurationTicks > 0) peak = Math.Max(peak, s.ByteLength * 8 * s.Timescale / s.DurationTicks);
                }
                text.Append("      <Representation id=\""u8).AppendXmlEscaped(track.Id)
                    .Append("\" codecs=\""u8).AppendXmlEscaped(info.CodecString)
                    .Append("\" bandwidth=\""u8).Append(peak).Append("\""u8);
                if (kind == MediaKind.Video && info.Width > 0 && info.Height > 0)
                {
                    text.Append(" width=\""u8).Append(info.Width).Append("\" height=\""u8).Append(info.Height).Append("\""u8);
                }
                if (kind == MediaKind.Audio && info.SampleRate > 0)
                {
                    text.Append(" audioSamplingRate=\""u8).Append(info.SampleRate).Append("\""u8);
                }
                // ISO/IEC 23009-1 §5.3.9.2: media time PTO plays at Period@start; the timeline is the stream's, so
                // PTO is the period start in this track's ticks.
                var pto = (long)Math.Round(period.StartSeconds * info.Timescale);
                text.Append(">\n        <SegmentTemplate media=\"$RepresentationID$/seg-$Number$.m4s\" initialization=\"$RepresentationID$/init-"u8)
                    .Append(period.Index).Append(".mp4\" startNumber=\""u8).Append(segments[from].SequenceNumber)
                    .Append("\" timescale=\""u8).Append(info.Timescale)
                    .Append("\" presentationTimeOffset=\""u8).Append(pto)
                    .Append("\">\n          <SegmentTimeline>\n"u8);
                long expected = long.MinValue;
                for (var i = from; i < segments.Count && segments[i].PeriodIndex == period.Index; i++)
                {
                    var s = segments[i];
                    text.Append("            <S"u8);
                    if (s.StartTicks != expected) text.Append(" t=\""u8).Append(s.StartTicks).Append("\""u8);
                    text.Append(" d=\""u8).Append(s.DurationTicks).Append("\"/>\n"u8);
                    expected = s.StartTicks + s.DurationTicks;
                }
                text.Append("          </SegmentTimeline>\n        </SegmentTemplate>\n      </Representation>\n"u8);
            }
            if (setOpened) text.Append("    </AdaptationSet>\n"u8);
        }
        if (opened) text.Append("  </Period>\n"u8);
    }
}
