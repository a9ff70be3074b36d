using Sportall.Media.Model;
using Sportall.Packager.Dash;
using Sportall.Packager.Hls;

namespace Sportall.Packager.Vod;

/// <summary>
/// Renders the HLS playlists of a VOD asset (RFC 8216bis). Multivariant, as live: one variant per video
/// track, audio tracks in one rendition group. Media playlist:
/// <code>
/// #EXTM3U
/// #EXT-X-VERSION:7
/// #EXT-X-TARGETDURATION:2
/// #EXT-X-MEDIA-SEQUENCE:0
/// #EXT-X-PLAYLIST-TYPE:VOD
/// #EXT-X-INDEPENDENT-SEGMENTS
/// #EXT-X-MAP:URI="init.mp4"
/// #EXTINF:2.00000,
/// seg-0.m4s                       0-based index into VodTrack.Segments
/// …
/// #EXT-X-ENDLIST
/// </code>
/// Relative URIs resolve against <c>/vod/{assetId}/{trackId}/index.m3u8</c>.
/// </summary>
internal static class VodHlsPlaylistWriter
{
    // RFC 8216bis §7: EXT-X-MAP in a playlist without I-frames-only needs version 6 or more.
    public const int ProtocolVersion = 7;

    public static void WriteMultivariant(ManifestTextBuilder text, IVodPresentation presentation) => WriteMultivariant(text, presentation.Tracks);

    /// <summary>The multivariant playlist of <paramref name="tracks"/> (also the DVR window's, whose tracks are those of its last period).</summary>
    public static void WriteMultivariant(ManifestTextBuilder text, IReadOnlyList<VodTrack> tracks)
    {
        VodTrack? defaultAudio = null;
        var hasVideo = false;
        foreach (var track in tracks)
        {
            if (track.Info.Kind == MediaKind.Audio) defaultAudio ??= track;
            else hasVideo = true;
        }

        text.Append("#EXTM3U\n#EXT-X-VERSION:"u8).Append(ProtocolVersion).Append("\n#EXT-X-INDEPENDENT-SEGMENTS\n"u8);
        if (!hasVideo)
        {
            foreach (var track in tracks)
            {
                WriteStreamInf(text, track.PeakBandwidth, track.Info, null);
                text.Append(track.Id).Append("/index.m3u8\n"u8);
            }
            return;
        }
        foreach (var track in tracks)
        {
            if (track.Info.Kind != MediaKind.Audio) continue;
            // RFC 8216bis §4.4.6.1: at most one member of a group has DEFAULT=YES.
            text.Append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\""u8).Append(HlsMultivariantPlaylistWriter.AudioGroupId)
                .Append("\",NAME=\""u8).Append(track.Id)
                .Append(ReferenceEquals(track, defaultAudio) ? "\",DEFAULT=YES,AUTOSELECT=YES"u8 : "\",DEFAULT=NO,AUTOSELECT=YES"u8);
            if (track.Info.ChannelCount > 0)
            {
                text.Append(",CHANNELS=\""u8).Append(track.Info.ChannelCount).Append("\""u8);
            }
            text.Append(",URI=\""u8).Append(track.Id).Append("/index.m3u8\"\n"u8);
        }
        foreach (var track in tracks)
        {
            if (track.Info.Kind != MediaKind.Video) continue;
            // RFC 8216bis §4.4.6.2: BANDWIDTH is the peak of the variant, the audio it plays with included.
            WriteStreamInf(text, track.PeakBandwidth + (defaultAudio?.PeakBandwidth ?? 0), track.Info, defaultAudio?.Info);
            text.Append(track.Id).Append("/index.m3u8\n"u8);
        }
    }

    private static void WriteStreamInf(ManifestTextBuilder text, long bandwidth, TrackInfo main, TrackInfo? audio)
    {
        text.Append("#EXT-X-STREAM-INF:BANDWIDTH="u8).Append(Math.Max(1, bandwidth))
            .Append(",CODECS=\""u8).Append(main.CodecString);
        if (audio is not null) text.Append(","u8).Append(audio.CodecString);
        text.Append("\""u8);
        if (main.Kind == MediaKind.Video && main.Width > 0 && main.Height > 0)
        {
            text.Append(",RESOLUTION="u8).Append(main.Width).Append("x"u8).Append(main.Height);
        }
        if (main.Kind == MediaKind.Video && main.FrameRate > 0)
        {
            text.Append(",FRAME-RATE="u8).Append(main.FrameRate, "F3");
        }
        if (audio is not null)
        {
            text.Append(",AUDIO=\""u8).Append(HlsMultivariantPlaylistWriter.AudioGroupId).Append("\""u8);
        }
        text.Append("\n"u8);
    }

    public static void WriteMedia(ManifestTextBuilder text, VodTrack track)
    {
        var timescale = (double)track.Info.Timescale;
        long target = 1;
        foreach (var segment in track.Segments)
        {
            // RFC 8216bis §4.4.3.1: each EXTINF "when rounded to the nearest integer, MUST be less than or
            // equal to the Target Duration".
            target = Math.Max(target, (long)Math.Round(segment.DurationTicks / timescale, MidpointRounding.AwayFromZero));
        }
        text.Append("#EXTM3U\n#EXT-X-VERSION:"u8).Append(ProtocolVersion)
            .Append("\n#EXT-X-TARGETDURATION:"u8).Append(target)
            .Append("\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n"u8);
        for (var i = 0; i < track.Segments.Length; i++)
        {
            text.Append("#EXTINF:"u8).Append(track.Segments[i].DurationTicks / timescale, "F5")
                .Append(",\nseg-"u8).Append(i).Append(".m4s\n"u8);
        }
        text.Append("#EXT-X-ENDLIST\n"u8);
    }
}
