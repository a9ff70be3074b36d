using System.Text;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Tests.Hls;

/// <summary>The snapshots the golden files are rendered from, shared by the golden and the hls-parser tests.</summary>
internal static class HlsScenarios
{
    public static readonly PackagerOptions Options = new() { SegmentTargetMs = 2000, PartTargetMs = 500, LiveWindowSeconds = 60 };

    // Mid-stream: sequence 100 at stream time 200 s, eight complete segments, two parts of the ninth.
    public static StreamSnapshot Live() =>
        new SnapshotBuilder(firstMsn: 100, startSeconds: 200).AddSegments(8).AddParts(2).Build();

    public static StreamSnapshot LiveAtSegmentBoundary() =>
        new SnapshotBuilder(firstMsn: 100, startSeconds: 200).AddSegments(8).Build();

    // Segment 108 has all its parts and waits for the keyframe that ends it.
    public static StreamSnapshot LiveAwaitingKeyframe() =>
        new SnapshotBuilder(firstMsn: 100, startSeconds: 200).AddSegments(8).AddParts(4).ExpectSegmentEnd().Build();

    public static StreamSnapshot TwoPeriods() =>
        new SnapshotBuilder(firstMsn: 10, startSeconds: 20).AddSegments(3).StartPeriod(3.5).AddSegments(3).AddParts(1).Build();

    public static StreamSnapshot Ended() =>
        new SnapshotBuilder(firstMsn: 10, startSeconds: 20).AddSegments(5).Build(ended: true);

    // A full 60 s window (30 segments) plus one part: the delta update skips everything older than 12 s.
    public static StreamSnapshot FullWindow() =>
        new SnapshotBuilder(firstMsn: 1000, startSeconds: 2000).AddSegments(30).AddParts(1).Build();

    // The first five segments of the window are in an older period: skipping stops at the discontinuity.
    public static StreamSnapshot FullWindowAfterReconnect() =>
        new SnapshotBuilder(firstMsn: 1000, startSeconds: 2000).AddSegments(5).StartPeriod(2).AddSegments(25).AddParts(1).Build();

    public static StreamSnapshot VideoOnly() =>
        new SnapshotBuilder(audio: false, firstMsn: 100, startSeconds: 200).AddSegments(4).AddParts(1).Build();

    public static StreamSnapshot AudioOnly() =>
        new SnapshotBuilder(video: false, firstMsn: 100, startSeconds: 200).AddSegments(4).AddParts(1).Build();

    // Nothing complete yet: BANDWIDTH falls back to an estimate from the track info.
    public static StreamSnapshot FirstParts() =>
        new SnapshotBuilder().AddParts(2).Build();

    public static StreamSnapshot Ladder()
    {
        var builder = new SnapshotBuilder(firstMsn: 100, startSeconds: 200)
            .AddVideoRendition("video_480p", SnapshotBuilder.VideoInfo with { Width = 854, Height = 480, CodecString = "avc1.64001E", FrameRate = 29.97 });
        return builder.AddSegments(4).AddParts(1).Build();
    }

    public static string Multivariant(StreamSnapshot snapshot)
    {
        var text = new ManifestTextBuilder();
        Assert.True(HlsMultivariantPlaylistWriter.TryWrite(text, snapshot));
        return Encoding.UTF8.GetString(text.WrittenSpan);
    }

    public static string Media(StreamSnapshot snapshot, string trackId, bool deltaUpdate = false)
    {
        var text = new ManifestTextBuilder();
        Assert.True(HlsMediaPlaylistWriter.TryWrite(text, snapshot, trackId, HlsTiming.Of(snapshot, Options), deltaUpdate));
        return Encoding.UTF8.GetString(text.WrittenSpan);
    }

    /// <summary>Every playlist the golden tests cover, by golden file name.</summary>
    public static Dictionary<string, string> AllPlaylists() => new()
    {
        ["multivariant_av.m3u8"] = Multivariant(Live()),
        ["multivariant_video_only.m3u8"] = Multivariant(VideoOnly()),
        ["multivariant_audio_only.m3u8"] = Multivariant(AudioOnly()),
        ["multivariant_first_parts.m3u8"] = Multivariant(FirstParts()),
        ["multivariant_ladder.m3u8"] = Multivariant(Ladder()),
        ["media_live_video.m3u8"] = Media(Live(), "video"),
        ["media_live_audio.m3u8"] = Media(Live(), "audio"),
        ["media_live_segment_boundary.m3u8"] = Media(LiveAtSegmentBoundary(), "video"),
        ["media_discontinuity.m3u8"] = Media(TwoPeriods(), "video"),
        ["media_ended.m3u8"] = Media(Ended(), "video"),
        ["media_delta.m3u8"] = Media(FullWindow(), "video", deltaUpdate: true),
        ["media_delta_discontinuity.m3u8"] = Media(FullWindowAfterReconnect(), "video", deltaUpdate: true),
        ["media_ladder_480p.m3u8"] = Media(Ladder(), "video_480p"),
    };
}
