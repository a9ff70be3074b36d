using Sportall.Media.Model;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Dash;

/// <summary>
/// Renders the DASH MPD (ISO/IEC 23009-1, DASH-IF IOP live profile with SegmentTimeline):
/// <code>
/// MPD type=dynamic (static once ended) availabilityStartTime publishTime minimumUpdatePeriod …
///   Period id=N start=PackagedPeriod.StartSeconds          one per period with a complete segment
///     AdaptationSet contentType=video|audio
///       Representation id=trackId codecs bandwidth width/height/frameRate | audioSamplingRate
///         [AudioChannelConfiguration]
///         SegmentTemplate media="$RepresentationID$/seg-$Number$.m4s" initialization="$RepresentationID$/init-N.mp4"
///                         startNumber timescale presentationTimeOffset
///           SegmentTimeline  S t d r                        complete segments only
///   UTCTiming urn:mpeg:dash:utc:http-iso:2014 → /time
/// </code>
/// Segment URLs resolve against <c>/live/{name}/index.mpd</c>, i.e. <c>/live/{name}/{trackId}/seg-N.m4s</c>,
/// the same files HLS lists.
/// </summary>
internal static class DashMpdWriter
{
    public const string Namespace = "urn:mpeg:dash:schema:mpd:2011";

    // The live profile allows SegmentTemplate with $Number$; the segments are CMAF fragments, so the CMAF
    // profile (ISO/IEC 23009-1 Amd. 1, DASH-IF IOP v4.3 §3.2) is announced too for players that check it.
    public const string Profiles = "urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019";

    // DASH-IF IOP v4.3 §4.7 (clock synchronisation): the MPD carries UTCTiming; http-iso returns an
    // xs:dateTime with milliseconds, which dash.js parses without a date library quirk.
    public const string UtcTimingScheme = "urn:mpeg:dash:utc:http-iso:2014";

    // Clients start this many segment targets behind the live edge: one segment in flight, one buffered,
    // one of margin for the publish-to-availability delay of a complete segment.
    private const int PresentationDelayInSegmentTargets = 3;

    /// <summary>Writes the MPD; false while no period has a complete segment (an MPD needs a Period).</summary>
    public static bool TryWrite(ManifestTextBuilder text, StreamSnapshot snapshot, PackagerOptions options, DateTimeOffset publishTime, string timeUrl)
    {
        bool dynamic = !snapshot.Ended;
        double maxSegmentSeconds = 0;
        double presentationEndSeconds = 0;
        bool anyPeriod = false;
        foreach (var period in snapshot.Periods)
        {
            foreach (var track in period.Tracks)
            {
                if (TryGetTimeline(snapshot, period, track.Id, out var timeline))
                {
                    anyPeriod = true;
                    maxSegmentSeconds = Math.Max(maxSegmentSeconds, timeline.MaxSegmentSeconds);
                    presentationEndSeconds = Math.Max(presentationEndSeconds, timeline.EndSeconds);
                }
            }
        }
        if (!anyPeriod)
        {
            return false;
        }

        double segmentTargetSeconds = options.SegmentTargetMs / 1000.0;
        text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD xmlns=\""u8).Append(Namespace)
            .Append("\" profiles=\""u8).Append(Profiles)
            .Append(dynamic ? "\" type=\"dynamic\""u8 : "\" type=\"static\""u8);
        if (dynamic)
        {
            // ISO/IEC 23009-1 §5.3.1.2: availabilityStartTime is mandatory for type="dynamic"; it is the wall
            // clock at stream time zero, so Period@start + segment times map to wall-clock availability.
            text.Append(" availabilityStartTime=\""u8).AppendDateTime(snapshot.AvailabilityStart)
                .Append("\" publishTime=\""u8).AppendDateTime(publishTime)
                .Append("\" minimumUpdatePeriod=\""u8).AppendXsDuration(segmentTargetSeconds)
                .Append("\" timeShiftBufferDepth=\""u8).AppendXsDuration(options.LiveWindowSeconds)
                .Append("\" suggestedPresentationDelay=\""u8).AppendXsDuration(segmentTargetSeconds * PresentationDelayInSegmentTargets)
                .Append("\""u8);
        }
        else
        {
            text.Append(" publishTime=\""u8).AppendDateTime(publishTime)
                .Append("\" mediaPresentationDuration=\""u8).AppendXsDuration(presentationEndSeconds)
                .Append("\""u8);
        }
        text.Append(" minBufferTime=\""u8).AppendXsDuration(segmentTargetSeconds)
            .Append("\" maxSegmentDuration=\""u8).AppendXsDuration(maxSegmentSeconds)
            .Append("\">\n"u8);

        foreach (var period in snapshot.Periods)
        {
            WritePeriod(text, snapshot, period);
        }

        if (dynamic)
        {
            // ISO/IEC 23009-1 schema order: UTCTiming follows the Period elements.
            text.Append("  <UTCTiming schemeIdUri=\""u8).Append(UtcTimingScheme)
                .Append("\" value=\""u8).AppendXmlEscaped(timeUrl).Append("\"/>\n"u8);
        }
        text.Append("</MPD>\n"u8);
        return true;
    }

    private static void WritePeriod(ManifestTextBuilder text, StreamSnapshot snapshot, PackagedPeriod period)
    {
        bool hasVideo = HasTimeline(snapshot, period, MediaKind.Video);
        bool hasAudio = HasTimeline(snapshot, period, MediaKind.Audio);
        if (!hasVideo && !hasAudio)
        {
            return;
        }

        text.Append("  <Period id=\""u8).Append(period.Index)
            .Append("\" start=\""u8).AppendXsDuration(period.StartSeconds).Append("\">\n"u8);
        if (hasVideo)
        {
            text.Append("    <AdaptationSet id=\"0\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n"u8);
            WriteRepresentations(text, snapshot, period, MediaKind.Video);
            text.Append("    </AdaptationSet>\n"u8);
        }
        if (hasAudio)
        {
            text.Append("    <AdaptationSet id=\"1\" contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n"u8);
            WriteRepresentations(text, snapshot, period, MediaKind.Audio);
            text.Append("    </AdaptationSet>\n"u8);
        }
        text.Append("  </Period>\n"u8);
    }

    private static bool HasTimeline(StreamSnapshot snapshot, PackagedPeriod period, MediaKind kind)
    {
        foreach (var track in period.Tracks)
        {
            if (track.Info.Kind == kind && TryGetTimeline(snapshot, period, track.Id, out _))
            {
                return true;
            }
        }
        return false;
    }

    private static void WriteRepresentations(ManifestTextBuilder text, StreamSnapshot snapshot, PackagedPeriod period, MediaKind kind)
    {
        foreach (var track in period.Tracks)
        {
            if (track.Info.Kind != kind || !TryGetTimeline(snapshot, period, track.Id, out var timeline))
            {
                continue;
            }
            var info = track.Info;
            var bitrate = TrackBitrate.Of(snapshot, info, track.Id);
            text.Append("      <Representation id=\""u8).AppendXmlEscaped(track.Id)
                .Append("\" codecs=\""u8).AppendXmlEscaped(info.CodecString)
                .Append("\" bandwidth=\""u8).Append(bitrate.PeakBitsPerSecond).Append("\""u8);
            if (kind == MediaKind.Video)
            {
                if (info.Width > 0 && info.Height > 0)
                {
                    text.Append(" width=\""u8).Append(info.Width).Append("\" height=\""u8).Append(info.Height).Append("\""u8);
                }
                if (info.FrameRate > 0)
                {
                    text.Append(" frameRate=\""u8);
                    AppendFrameRate(text, info.FrameRate);
                    text.Append("\""u8);
                }
                text.Append(">\n"u8);
            }
            else
            {
                if (info.SampleRate > 0)
                {
                    text.Append(" audioSamplingRate=\""u8).Append(info.SampleRate).Append("\""u8);
                }
                text.Append(">\n"u8);
                if (info.ChannelCount > 0)
                {
                    text.Append("        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\""u8)
                        .Append(info.ChannelCount).Append("\"/>\n"u8);
                }
            }
            WriteSegmentTemplate(text, snapshot, period, track.Id, timeline);
            text.Append("      </Representation>\n"u8);
        }
    }

    private static void WriteSegmentTemplate(ManifestTextBuilder text, StreamSnapshot snapshot, PackagedPeriod period, string trackId, in PeriodTimeline timeline)
    {
        text.Append("        <SegmentTemplate media=\"$RepresentationID$/seg-$Number$.m4s\" initialization=\"$RepresentationID$/init-"u8)
            .Append(period.Index).Append(".mp4\" startNumber=\""u8).Append(timeline.StartNumber)
            .Append("\" timescale=\""u8).Append(timeline.Timescale)
            .Append("\" presentationTimeOffset=\""u8).Append(timeline.PresentationTimeOffset)
            .Append("\">\n          <SegmentTimeline>\n"u8);

        // Run-length: one S per run of equal durations with contiguous times; @t only where the timeline
        // starts or jumps (ISO/IEC 23009-1 §5.3.9.6: absent @t continues from the previous S's end).
        var segments = snapshot.Segments[trackId];
        long expectedStart = long.MinValue;
        long runStart = 0;
        long runDuration = 0;
        int runRepeat = -1;
        bool runHasTime = false;
        for (int i = timeline.FirstIndex; i <= timeline.LastIndex; i++)
        {
            var segment = segments[i];
            if (segment.PeriodIndex != period.Index || !segment.IsComplete)
            {
                continue;
            }
            bool contiguous = segment.StartTicks == expectedStart;
            if (runRepeat >= 0 && contiguous && segment.DurationTicks == runDuration)
            {
                runRepeat++;
            }
            else
            {
                if (runRepeat >= 0)
                {
                    WriteS(text, runHasTime, runStart, runDuration, runRepeat);
                }
                runHasTime = !contiguous;
                runStart = segment.StartTicks;
                runDuration = segment.DurationTicks;
                runRepeat = 0;
            }
            expectedStart = segment.StartTicks + segment.DurationTicks;
        }
        if (runRepeat >= 0)
        {
            WriteS(text, runHasTime, runStart, runDuration, runRepeat);
        }
        text.Append("          </SegmentTimeline>\n        </SegmentTemplate>\n"u8);
    }

    private static void WriteS(ManifestTextBuilder text, bool withTime, long start, long duration, int repeat)
    {
        text.Append("            <S"u8);
        if (withTime)
        {
            text.Append(" t=\""u8).Append(start).Append("\""u8);
        }
        text.Append(" d=\""u8).Append(duration).Append("\""u8);
        if (repeat > 0)
        {
            text.Append(" r=\""u8).Append(repeat).Append("\""u8);
        }
        text.Append("/>\n"u8);
    }

    /// <summary>
    /// @frameRate is an xs:string of FrameRateType, pattern [0-9]+(/[0-9]+)? in the ISO/IEC 23009-1 MPD
    /// schema: an integer or a fraction, never a decimal. NTSC rates become N*1000/1001, anything else
    /// milliframes over 1000.
    /// </summary>
    internal static void AppendFrameRate(ManifestTextBuilder text, double fps)
    {
        double rounded = Math.Round(fps);
        if (Math.Abs(fps - rounded) < 0.001)
        {
            text.Append((long)rounded);
        }
        else if (Math.Abs(fps - rounded * 1000 / 1001) < 0.001)
        {
            text.Append((long)rounded * 1000).Append("/1001"u8);
        }
        else
        {
            text.Append((long)Math.Round(fps * 1000)).Append("/1000"u8);
        }
    }

    /// <summary>
    /// The complete segments of one track in one period. @presentationTimeOffset is the tfdt at which the
    /// period starts, so the first segment of the period plays at Period@start (ISO/IEC 23009-1 §5.3.9.2:
    /// media time PTO maps to the start of the Period). The period's first segment may have left the window;
    /// its tfdt is then recovered from the first listed segment's offset into the period, which the
    /// segmenter stamps as ProgramDateTime - WallClockStart (both taken from the same media clock), and
    /// when the period's first segment is listed that offset is zero and PTO is its exact tfdt.
    /// </summary>
    private static bool TryGetTimeline(StreamSnapshot snapshot, PackagedPeriod period, string trackId, out PeriodTimeline timeline)
    {
        timeline = default;
        if (!snapshot.Segments.TryGetValue(trackId, out var segments))
        {
            return false;
        }
        int first = -1;
        int last = -1;
        double maxSeconds = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.PeriodIndex != period.Index || !segment.IsComplete)
            {
                continue;
            }
            // $Number$ counts S entries from startNumber, so a hole in the sequence numbers (a transcoded
            // rendition whose transcoder restarted) cannot be listed: the timeline starts after the last hole.
            if (first < 0 || segment.SequenceNumber != segments[last].SequenceNumber + 1)
            {
                first = i;
                maxSeconds = 0;
            }
            last = i;
            maxSeconds = Math.Max(maxSeconds, segment.DurationSeconds);
        }
        if (first < 0)
        {
            return false;
        }

        var firstSegment = segments[first];
        var lastSegment = segments[last];
        int timescale = firstSegment.Timescale;
        double offsetSeconds = Math.Max(0, (firstSegment.ProgramDateTime - period.WallClockStart).TotalSeconds);
        long pto = Math.Max(0, firstSegment.StartTicks - (long)Math.Round(offsetSeconds * timescale));
        double endSeconds = period.StartSeconds + (double)(lastSegment.StartTicks + lastSegment.DurationTicks - pto) / timescale;
        timeline = new PeriodTimeline(first, last, firstSegment.SequenceNumber, timescale, pto, maxSeconds, endSeconds);
        return true;
    }

    private readonly record struct PeriodTimeline(
        int FirstIndex,
        int LastIndex,
        long StartNumber,
        int Timescale,
        long PresentationTimeOffset,
        double MaxSegmentSeconds,
        double EndSeconds);
}
