using System.Collections.Immutable;
using Sportall.Packager.Live;

namespace Sportall.Packager.Hls;

/// <summary>
/// Renders the LL-HLS media playlist of one track (RFC 8216bis, protocol version 9):
/// <code>
/// #EXTM3U
/// #EXT-X-VERSION:9
/// #EXT-X-TARGETDURATION:2
/// #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.0,PART-HOLD-BACK=1.5   live only
/// #EXT-X-PART-INF:PART-TARGET=0.5                                                  live only
/// #EXT-X-MEDIA-SEQUENCE:100
/// #EXT-X-DISCONTINUITY-SEQUENCE:0
/// #EXT-X-INDEPENDENT-SEGMENTS
/// #EXT-X-SKIP:SKIPPED-SEGMENTS=3                                                    delta update only
/// #EXT-X-MAP:URI="init-0.mp4"                   first segment and after each EXT-X-DISCONTINUITY
/// #EXT-X-PROGRAM-DATE-TIME:2026-11-27T08:00:00.000Z
/// #EXT-X-PART:DURATION=0.50000,URI="part-100.0.m4s",INDEPENDENT=YES               last segments only
/// #EXTINF:2.00000,
/// seg-100.m4s
/// …                                             the in-progress segment: its parts, no EXTINF
/// #EXT-X-PRELOAD-HINT:TYPE=PART,URI="part-103.2.m4s"
/// #EXT-X-RENDITION-REPORT:URI="../audio/index.m3u8",LAST-MSN=103,LAST-PART=1
/// #EXT-X-ENDLIST                                ended only (then no LL-HLS tags)
/// </code>
/// Relative URIs resolve against <c>/live/{name}/{trackId}/index.m3u8</c>.
/// </summary>
internal static class HlsMediaPlaylistWriter
{
    // RFC 8216bis §4.4.5.2 / §6.2.5.1: EXT-X-SKIP needs protocol version 9; EXT-X-PART etc. are below it.
    public const int ProtocolVersion = 9;

    // RFC 8216bis §4.4.4.9: "Partial Segments SHOULD be removed from the Playlist once they are greater
    // than three Target Durations from the end of the Playlist"; hls-parser's strict mode counts this as
    // parts on at most the last three listed segments (the in-progress one included), which is stricter
    // for segments shorter than the target, so that is the rule applied.
    private const int SegmentsWithParts = 3;

    /// <summary>Writes the playlist; false when the track has no segment yet (nothing to list).</summary>
    public static bool TryWrite(ManifestTextBuilder text, StreamSnapshot snapshot, string trackId, HlsTiming timing, bool deltaUpdate)
    {
        if (!snapshot.Segments.TryGetValue(trackId, out var segments) || segments.IsEmpty)
        {
            return false;
        }

        bool live = !snapshot.Ended;
        var edge = HlsLiveEdge.Of(segments, snapshot.Ended);

        // Complete segments get an EXTINF; a live playlist also lists the in-progress one by its parts.
        int completeCount = segments[^1].IsComplete ? segments.Count : segments.Count - 1;
        var inProgress = !live || segments[^1].IsComplete ? null : segments[^1];
        if (completeCount == 0 && (inProgress is null || inProgress.Parts.IsDefaultOrEmpty))
        {
            return false;
        }

        // A preload hint for the first part of an in-progress segment that opens a new period would be
        // fetched and appended under the previous period's initialization section; hint once it has a part.
        bool hint = live && edge.HasHint;
        if (inProgress is not null && inProgress.Parts.IsDefaultOrEmpty && completeCount > 0
            && segments[completeCount - 1].PeriodIndex != inProgress.PeriodIndex)
        {
            hint = false;
        }

        bool inProgressListed = inProgress is not null && !inProgress.Parts.IsDefaultOrEmpty;
        int listedEntries = completeCount + (inProgressListed || hint ? 1 : 0);
        int firstWithParts = live ? Math.Max(0, listedEntries - SegmentsWithParts) : int.MaxValue;

        int skipped = deltaUpdate && live ? CountSkippable(segments, completeCount, timing) : 0;

        var first = segments[0];
        text.Append("#EXTM3U\n#EXT-X-VERSION:"u8).Append(ProtocolVersion);
        text.Append("\n#EXT-X-TARGETDURATION:"u8).Append(timing.TargetDurationSeconds).Append("\n"u8);
        if (live)
        {
            // RFC 8216bis §4.4.3.8: PART-HOLD-BACK "is REQUIRED if the Playlist contains the
            // EXT-X-PART-INF tag"; CAN-BLOCK-RELOAD=YES because §6.2.5.2 blocking reloads are served.
            text.Append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL="u8)
                .Append(timing.SkipBoundarySeconds, "0.0##")
                .Append(",PART-HOLD-BACK="u8).Append(timing.PartHoldBackSeconds, "0.0##")
                .Append("\n#EXT-X-PART-INF:PART-TARGET="u8).Append(timing.PartTargetSeconds, "0.0##")
                .Append("\n"u8);
        }

        // RFC 8216bis §4.4.3.2/§4.4.3.3: both MUST appear before the first Media Segment; they describe the
        // first segment of the Playlist, skipped ones included (§6.2.5.1 keeps the sequence numbering).
        text.Append("#EXT-X-MEDIA-SEQUENCE:"u8).Append(first.SequenceNumber);
        text.Append("\n#EXT-X-DISCONTINUITY-SEQUENCE:"u8).Append(first.PeriodIndex);
        text.Append("\n#EXT-X-INDEPENDENT-SEGMENTS\n"u8);
        if (skipped > 0)
        {
            // After every header tag: hls.js rejects EXT-X-DISCONTINUITY-SEQUENCE placed after EXT-X-SKIP
            // ("must appear before the first Media Segment").
            // Counted in media sequence numbers: gap segments among the skipped ones are skipped too.
            long skippedSegments = (skipped < segments.Count ? segments[skipped].SequenceNumber : segments[skipped - 1].SequenceNumber + 1) - first.SequenceNumber;
            text.Append("#EXT-X-SKIP:SKIPPED-SEGMENTS="u8).Append(skippedSegments).Append("\n"u8);
        }

        // With a delta update the last skipped segment precedes the first listed one: a discontinuity
        // between them is still written, and the first listed segment always gets its EXT-X-MAP.
        int previousPeriod = skipped > 0 ? segments[skipped - 1].PeriodIndex : -1;
        bool mapWritten = false;
        for (int i = skipped; i < completeCount; i++)
        {
            var segment = segments[i];
            if (i > skipped)
            {
                WriteGap(text, segments[i - 1], segment);
            }
            WriteSegmentHead(text, segment, ref previousPeriod, ref mapWritten);
            if (i >= firstWithParts)
            {
                WriteParts(text, segment);
            }
            text.Append("#EXTINF:"u8).Append(segment.DurationSeconds, "F5")
                .Append(",\nseg-"u8).Append(segment.SequenceNumber).Append(".m4s\n"u8);
        }

        if (inProgressListed)
        {
            if (completeCount > skipped)
            {
                WriteGap(text, segments[completeCount - 1], inProgress!);
            }
            WriteSegmentHead(text, inProgress!, ref previousPeriod, ref mapWritten);
            WriteParts(text, inProgress!);
        }

        if (hint)
        {
            // RFC 8216bis §4.4.5.3: the client may request the hinted resource before it is published; the
            // server blocks that request until the part exists (delivery's preload-hint wait). hls.js in
            // low-latency mode needs the hint to fetch parts ahead of the next playlist.
            text.Append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-"u8).Append(edge.HintMsn)
                .Append("."u8).Append(edge.HintPartIndex).Append(".m4s\"\n"u8);
        }

        if (live)
        {
            WriteRenditionReports(text, snapshot, trackId);
        }
        else
        {
            text.Append("#EXT-X-ENDLIST\n"u8);
        }
        return true;
    }

    /// <summary>
    /// RFC 8216bis §6.2.5.1: a Playlist Delta Update replaces "the tags of every Media Segment whose
    /// position relative to the end of the Playlist is greater than the Skip Boundary" (CAN-SKIP-UNTIL)
    /// with one EXT-X-SKIP. Skipping stops at the first EXT-X-DISCONTINUITY: the header's
    /// EXT-X-DISCONTINUITY-SEQUENCE and the EXT-X-MAP written before the first listed segment then
    /// describe skipped and listed segments alike, so the client's merge cannot misplace a discontinuity.
    /// </summary>
    internal static int CountSkippable(ImmutableList<CmafSegment> segments, int completeCount, HlsTiming timing)
    {
        if (completeCount == 0)
        {
            return 0;
        }

        // Distance from each segment's start to the end of the playlist, accumulated from the end.
        double boundary = timing.SkipBoundarySeconds;
        double fromEnd = 0;
        if (completeCount < segments.Count)
        {
            foreach (var part in segments[^1].Parts)
            {
                fromEnd += (double)part.DurationTicks / segments[^1].Timescale;
            }
        }

        int lastSkippable = -1;
        for (int i = completeCount - 1; i >= 0; i--)
        {
            fromEnd += segments[i].DurationSeconds;
            if (fromEnd > boundary)
            {
                lastSkippable = i;
                break;
            }
        }

        int firstPeriod = segments[0].PeriodIndex;
        int skipped = 0;
        for (int i = 0; i <= lastSkippable && segments[i].PeriodIndex == firstPeriod; i++)
        {
            skipped++;
        }
        return skipped;
    }

    /// <summary>
    /// A rendition made by a transcoder misses the segments cut while its transcoder was down. The media
    /// sequence numbers are shared by every rendition (one segment N per boundary), so the missing numbers are
    /// listed as gaps: RFC 8216bis §4.4.4.7 EXT-X-GAP "indicates that the segment URI to which it applies
    /// does not contain media data and SHOULD NOT be loaded by clients"; players switch to another rendition
    /// for that time. Their EXTINF splits the hole's duration evenly.
    /// </summary>
    private static void WriteGap(ManifestTextBuilder text, CmafSegment previous, CmafSegment next)
    {
        long missing = next.SequenceNumber - previous.SequenceNumber - 1;
        if (missing <= 0)
        {
            return;
        }
        long holeTicks = next.StartTicks - (previous.StartTicks + previous.DurationTicks);
        double seconds = holeTicks > 0 && next.Timescale > 0 ? (double)holeTicks / next.Timescale / missing : previous.DurationSeconds;
        for (long n = previous.SequenceNumber + 1; n < next.SequenceNumber; n++)
        {
            text.Append("#EXT-X-GAP\n#EXTINF:"u8).Append(seconds, "F5").Append(",\nseg-"u8).Append(n).Append(".m4s\n"u8);
        }
    }

    private static void WriteSegmentHead(ManifestTextBuilder text, CmafSegment segment, ref int previousPeriod, ref bool mapWritten)
    {
        bool newPeriod = previousPeriod >= 0 && previousPeriod != segment.PeriodIndex;
        if (newPeriod)
        {
            // RFC 8216bis §4.4.4.3: EXT-X-DISCONTINUITY "MUST be present if there is a change in" (among
            // others) the timestamp sequence or encoding parameters: a new period is a reconnect or codec change.
            text.Append("#EXT-X-DISCONTINUITY\n"u8);
        }
        if (newPeriod || !mapWritten)
        {
            // RFC 8216bis §4.4.4.5: an EXT-X-MAP "applies to every Media Segment that appears after it in the
            // Playlist until the next EXT-X-MAP tag"; a new period has a new initialization section.
            text.Append("#EXT-X-MAP:URI=\"init-"u8).Append(segment.PeriodIndex).Append(".mp4\"\n"u8);
            mapWritten = true;
        }
        previousPeriod = segment.PeriodIndex;
        text.Append("#EXT-X-PROGRAM-DATE-TIME:"u8).AppendDateTime(segment.ProgramDateTime).Append("\n"u8);
    }

    private static void WriteParts(ManifestTextBuilder text, CmafSegment segment)
    {
        foreach (var part in segment.Parts)
        {
            text.Append("#EXT-X-PART:DURATION="u8).Append((double)part.DurationTicks / segment.Timescale, "F5")
                .Append(",URI=\"part-"u8).Append(segment.SequenceNumber).Append("."u8).Append(part.PartIndex)
                .Append(".m4s\""u8);
            if (part.Independent)
            {
                text.Append(",INDEPENDENT=YES"u8);
            }
            text.Append("\n"u8);
        }
    }

    /// <summary>
    /// RFC 8216bis §4.4.5.4 EXT-X-RENDITION-REPORT: LAST-MSN/LAST-PART of the other Media Playlists of the
    /// Multivariant Playlist (other video renditions and the audio rendition), so a client switching
    /// renditions can issue its first blocking request without a plain reload. URIs MUST be relative.
    /// </summary>
    private static void WriteRenditionReports(ManifestTextBuilder text, StreamSnapshot snapshot, string trackId)
    {
        var period = snapshot.CurrentPeriod;
        if (period is null)
        {
            return;
        }
        foreach (var track in period.Tracks)
        {
            if (string.Equals(track.Id, trackId, StringComparison.Ordinal))
            {
                continue;
            }
            var edge = HlsLiveEdge.Of(snapshot, track.Id);
            if (edge.LastPartMsn >= 0)
            {
                text.Append("#EXT-X-RENDITION-REPORT:URI=\"../"u8).Append(track.Id)
                    .Append("/index.m3u8\",LAST-MSN="u8).Append(edge.LastPartMsn)
                    .Append(",LAST-PART="u8).Append(edge.LastPartIndex).Append("\n"u8);
            }
            else if (edge.LastCompleteMsn >= 0)
            {
                text.Append("#EXT-X-RENDITION-REPORT:URI=\"../"u8).Append(track.Id)
                    .Append("/index.m3u8\",LAST-MSN="u8).Append(edge.LastCompleteMsn).Append("\n"u8);
            }
        }
    }
}
