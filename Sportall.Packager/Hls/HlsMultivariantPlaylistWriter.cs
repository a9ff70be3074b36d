using Sportall.Media.Model;
using Sportall.Packager.Live;

namespace Sportall.Packager.Hls;

/// <summary>
/// Renders the multivariant playlist of the current period:
/// <code>
/// #EXTM3U
/// #EXT-X-VERSION:9
/// #EXT-X-INDEPENDENT-SEGMENTS
/// #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"
/// #EXT-X-STREAM-INF:BANDWIDTH=…,AVERAGE-BANDWIDTH=…,CODECS="avc1.64001F,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=25.000,AUDIO="audio"
/// video/index.m3u8
/// </code>
/// Every video track is its own variant (a transcoding ladder adds tracks); audio tracks form one
/// rendition group. Without video, each audio track is a variant; without audio, no AUDIO attribute.
/// </summary>
internal static class HlsMultivariantPlaylistWriter
{
    public const string AudioGroupId = "audio";

    /// <summary>Writes the playlist; false before the first period (no track known yet).</summary>
    public static bool TryWrite(ManifestTextBuilder text, StreamSnapshot snapshot)
    {
        var period = snapshot.CurrentPeriod;
        if (period is null || period.Tracks.IsDefaultOrEmpty)
        {
            return false;
        }

        PackagedTrack? defaultAudio = null;
        bool hasVideo = false;
        foreach (var track in period.Tracks)
        {
            if (track.Info.Kind == MediaKind.Audio)
            {
                defaultAudio ??= track;
            }
            else
            {
                hasVideo = true;
            }
        }

        text.Append("#EXTM3U\n#EXT-X-VERSION:"u8).Append(HlsMediaPlaylistWriter.ProtocolVersion);
        text.Append("\n#EXT-X-INDEPENDENT-SEGMENTS\n"u8);

        if (!hasVideo)
        {
            // Audio-only: each audio track is a variant of its own.
            foreach (var track in period.Tracks)
            {
                var bitrate = TrackBitrate.Of(snapshot, track.Info, track.Id);
                WriteStreamInf(text, bitrate, track.Info, null, null);
                text.Append(track.Id).Append("/index.m3u8\n"u8);
            }
            return true;
        }

        TrackBitrate audioBitrate = default;
        if (defaultAudio is not null)
        {
            audioBitrate = TrackBitrate.Of(snapshot, defaultAudio.Info, defaultAudio.Id);
            foreach (var track in period.Tracks)
            {
                if (track.Info.Kind != MediaKind.Audio)
                {
                    continue;
                }
                // RFC 8216bis §4.4.6.1: at most one member of a group has DEFAULT=YES.
                bool isDefault = ReferenceEquals(track, defaultAudio);
                text.Append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\""u8).Append(AudioGroupId)
                    .Append("\",NAME=\""u8).Append(track.Id)
                    .Append(isDefault ? "\",DEFAULT=YES,AUTOSELECT=YES"u8 : "\",DEFAULT=NO,AUTOSELECT=YES"u8);
                if (track.Info.ChannelCount > 0)
                {
                    text.Append(",CHANNELS=\""u8).Append(track.Info.ChannelCount).Append("\""u8);
                }
                text.Append(",URI=\""u8).Append(track.Id).Append("/index.m3u8\"\n"u8);
            }
        }

        foreach (var track in period.Tracks)
        {
            if (track.Info.Kind != MediaKind.Video)
            {
                continue;
            }
            var bitrate = TrackBitrate.Of(snapshot, track.Info, track.Id);
            // RFC 8216bis §4.4.6.2: BANDWIDTH "represents the peak segment bit rate of the Variant Stream",
            // which includes the audio rendition it plays with; CODECS lists every format in the variant.
            var combined = new TrackBitrate(
                bitrate.PeakBitsPerSecond + audioBitrate.PeakBitsPerSecond,
                bitrate.AverageBitsPerSecond + audioBitrate.AverageBitsPerSecond);
            WriteStreamInf(text, combined, track.Info, defaultAudio?.Info, defaultAudio is null ? null : AudioGroupId);
            text.Append(track.Id).Append("/index.m3u8\n"u8);
        }
        return true;
    }

    private static void WriteStreamInf(ManifestTextBuilder text, TrackBitrate bitrate, TrackInfo main, TrackInfo? audio, string? audioGroup)
    {
        text.Append("#EXT-X-STREAM-INF:BANDWIDTH="u8).Append(bitrate.PeakBitsPerSecond)
            .Append(",AVERAGE-BANDWIDTH="u8).Append(bitrate.AverageBitsPerSecond)
            .Append(",CODECS=\""u8).Append(main.CodecString);
        if (audio is not null)
        {
            text.Append(","u8).Append(audio.CodecString);
        }
        text.Append("\""u8);
        if (main.Kind == MediaKind.Video && main.Width > 0 && main.Height > 0)
        {
            text.Append(",RESOLUTION="u8).Append(main.Width).Append("x"u8).Append(main.Height);
        }
        if (main.Kind == MediaKind.Video && main.FrameRate > 0)
        {
            // RFC 8216bis §4.4.6.2: FRAME-RATE "rounded to three decimal places".
            text.Append(",FRAME-RATE="u8).Append(main.FrameRate, "F3");
        }
        if (audioGroup is not null)
        {
            text.Append(",AUDIO=\""u8).Append(audioGroup).Append("\""u8);
        }
        text.Append("\n"u8);
    }
}
