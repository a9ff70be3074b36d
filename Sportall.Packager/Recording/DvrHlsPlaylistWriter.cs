using Sportall.Packager.Hls;

namespace Sportall.Packager.Recording;

/// <summary>
/// The DVR media playlist of one track (RFC 8216bis), every recorded segment of the window:
/// <code>
/// #EXTM3U
/// #EXT-X-VERSION:7
/// #EXT-X-TARGETDURATION:2
/// #EXT-X-MEDIA-SEQUENCE:1                       the live's own sequence numbers
/// #EXT-X-DISCONTINUITY-SEQUENCE:0
/// #EXT-X-PLAYLIST-TYPE:EVENT                    event mode only (segments are never removed)
/// #EXT-X-INDEPENDENT-SEGMENTS
/// #EXT-X-MAP:URI="init-0.mp4"                   first segment and after each EXT-X-DISCONTINUITY
/// #EXT-X-PROGRAM-DATE-TIME:2026-11-27T08:00:00.000Z
/// #EXTINF:2.00000,
/// seg-1.m4s
/// …
/// #EXT-X-ENDLIST                                once the live ended
/// </code>
/// </summary>
internal static class DvrHlsPlaylistWriter
{
    public static bool TryWrite(ManifestTextBuilder text, DvrSnapshot dvr, string trackId, int windowSeconds, DvrPlaylistMode mode)
    {
        if (!dvr.Segments.TryGetValue(trackId, out var segments) || segments.IsEmpty)
        {
            return false;
        }
        var first = DvrWindow.FirstIndex(segments, windowSeconds, mode);
        long target = 1;
        for (var i = first; i < segments.Count; i++)
        {
            // RFC 8216bis §4.4.3.1: every EXTINF rounded to the nearest integer MUST be <= the target duration.
            target = Math.Max(target, (long)Math.Round(segments[i].DurationSeconds, MidpointRounding.AwayFromZero));
        }
        text.Append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:"u8).Append(target)
            .Append("\n#EXT-X-MEDIA-SEQUENCE:"u8).Append(segments[first].SequenceNumber)
            .Append("\n#EXT-X-DISCONTINUITY-SEQUENCE:"u8).Append(segments[first].PeriodIndex).Append("\n"u8);
        if (mode == DvrPlaylistMode.Event)
        {
            // RFC 8216bis §4.4.3.5: EVENT — "Media Segments can only be added to the end of the Media Playlist".
            text.Append("#EXT-X-PLAYLIST-TYPE:EVENT\n"u8);
        }
        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n"u8);
        var previousPeriod = -1;
        for (var i = first; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.PeriodIndex != previousPeriod)
            {
                if (previousPeriod >= 0)
                {
                    // RFC 8216bis §4.4.4.3: a reconnect or codec change is a discontinuity; §4.4.4.5: new init.
                    text.Append("#EXT-X-DISCONTINUITY\n"u8);
                }
                text.Append("#EXT-X-MAP:URI=\"init-"u8).Append(segment.PeriodIndex).Append(".mp4\"\n"u8);
                previousPeriod = segment.PeriodIndex;
            }
            text.Append("#EXT-X-PROGRAM-DATE-TIME:"u8).AppendDateTime(segment.ProgramDateTime)
                .Append("\n#EXTINF:"u8).Append(segment.DurationSeconds, "F5")
                .Append(",\nseg-"u8).Append(segment.SequenceNumber).Append(".m4s\n"u8);
        }
        if (dvr.Ended)
        {
            text.Append("#EXT-X-ENDLIST\n"u8);
        }
        return true;
    }
}
