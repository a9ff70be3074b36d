using System.Text.RegularExpressions;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Tests.Hls;

public sealed class HlsMediaPlaylistWriterTests
{
    private static int Count(string playlist, string prefix) =>
        playlist.Split('\n').Count(line => line.StartsWith(prefix, StringComparison.Ordinal));

    private static int CountLines(string playlist, string line) =>
        playlist.Split('\n').Count(l => l == line);

    [Fact]
    public void Target_duration_covers_a_segment_longer_than_the_target()
    {
        // A keyframe interval of 2.4 s makes every segment 2.4 s: EXTINF rounds to 2 but the ceiling is 3.
        var snapshot = new SnapshotBuilder().AddParts(4).AddParts(1, partSeconds: 0.4).CompleteInProgress().AddSegments(1).Build();
        string playlist = HlsScenarios.Media(snapshot, "video");

        Assert.Contains("#EXT-X-TARGETDURATION:3\n", playlist);
        Assert.Contains("#EXTINF:2.40000,\nseg-0.m4s\n", playlist);
        foreach (Match m in Regex.Matches(playlist, @"#EXTINF:([0-9.]+),"))
        {
            Assert.True(Math.Round(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) <= 3);
        }
        // CAN-SKIP-UNTIL follows the target duration: at least six of them.
        Assert.Contains("CAN-SKIP-UNTIL=18.0", playlist);
    }

    [Fact]
    public void Part_target_is_raised_to_the_longest_part()
    {
        var snapshot = new SnapshotBuilder().AddParts(3).AddParts(1, partSeconds: 0.52).Build();
        Assert.Contains("#EXT-X-PART-INF:PART-TARGET=0.52\n", HlsScenarios.Media(snapshot, "video"));
    }

    [Fact]
    public void Parts_are_listed_for_the_last_three_entries_only()
    {
        string playlist = HlsScenarios.Media(HlsScenarios.FullWindow(), "video");

        // Two complete segments with four parts each, then one part of the in-progress segment.
        Assert.Equal(4 + 4 + 1, Count(playlist, "#EXT-X-PART:"));
        Assert.DoesNotContain("part-1027.", playlist);
        Assert.Contains("part-1028.0.m4s", playlist);
        Assert.Equal(1, Count(playlist, "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-1030.1.m4s\""));
        Assert.Equal(30, Count(playlist, "#EXTINF:"));
    }

    [Fact]
    public void Delta_update_lists_segments_within_the_skip_boundary()
    {
        var snapshot = HlsScenarios.FullWindow();
        string full = HlsScenarios.Media(snapshot, "video");
        string delta = HlsScenarios.Media(snapshot, "video", deltaUpdate: true);

        var skipped = int.Parse(Regex.Match(delta, @"#EXT-X-SKIP:SKIPPED-SEGMENTS=(\d+)").Groups[1].Value);
        int listed = Count(delta, "#EXTINF:");
        Assert.Equal(Count(full, "#EXTINF:"), skipped + listed);
        // Skip boundary 12 s: a segment is skipped when it starts more than 12 s before the playlist's end
        // (the end of the in-progress part), so the listed ones start within the last 12 s.
        const double tail = 0.5;
        Assert.True(listed * SnapshotBuilder.SegmentSeconds + tail <= 12, $"{listed} segments listed");
        Assert.True((listed + 1) * SnapshotBuilder.SegmentSeconds + tail > 12, $"{listed} segments listed");
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:1000\n", delta);
        Assert.Contains("#EXT-X-MAP:URI=\"init-0.mp4\"", delta);
        // The tail (parts, hint, reports) is the same as in the full playlist.
        Assert.EndsWith(full[full.IndexOf("seg-1025.m4s", StringComparison.Ordinal)..], delta);
    }

    [Fact]
    public void Delta_update_stops_at_a_discontinuity_and_keeps_it()
    {
        var snapshot = HlsScenarios.FullWindowAfterReconnect();
        string full = HlsScenarios.Media(snapshot, "video");
        string delta = HlsScenarios.Media(snapshot, "video", deltaUpdate: true);

        Assert.Contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=5\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n", delta);
        Assert.Equal(1, CountLines(full, "#EXT-X-DISCONTINUITY"));
        Assert.Equal(1, CountLines(delta, "#EXT-X-DISCONTINUITY"));
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:0\n", delta);
    }

    [Fact]
    public void Delta_update_of_a_short_window_skips_nothing()
    {
        // 10.5 s of media, less than the 12 s skip boundary.
        var snapshot = new SnapshotBuilder().AddSegments(5).AddParts(1).Build();
        Assert.Equal(HlsScenarios.Media(snapshot, "video"), HlsScenarios.Media(snapshot, "video", deltaUpdate: true));
    }

    [Fact]
    public void Ended_playlist_has_endlist_and_no_low_latency_tags()
    {
        var snapshot = new SnapshotBuilder().AddSegments(3).AddParts(2).CompleteInProgress().Build(ended: true);
        string playlist = HlsScenarios.Media(snapshot, "video");

        Assert.EndsWith("#EXT-X-ENDLIST\n", playlist);
        Assert.DoesNotContain("#EXT-X-PART", playlist);
        Assert.DoesNotContain("#EXT-X-PRELOAD-HINT", playlist);
        Assert.DoesNotContain("#EXT-X-SERVER-CONTROL", playlist);
        Assert.DoesNotContain("#EXT-X-RENDITION-REPORT", playlist);
        Assert.Equal(4, Count(playlist, "#EXTINF:"));
    }

    [Fact]
    public void Ended_playlist_leaves_out_an_incomplete_last_segment()
    {
        var snapshot = new SnapshotBuilder().AddSegments(2).AddParts(1).Build(ended: true);
        string playlist = HlsScenarios.Media(snapshot, "video");
        Assert.Equal(2, Count(playlist, "#EXTINF:"));
        Assert.DoesNotContain("seg-2", playlist);
    }

    [Fact]
    public void No_preload_hint_for_an_empty_segment_that_opens_a_new_period()
    {
        // The segmenter has opened segment 3 in period 1 but published no part of it yet.
        var snapshot = new SnapshotBuilder().AddSegments(3).StartPeriod(1).AddParts(0).Build();
        string playlist = HlsScenarios.Media(snapshot, "video");

        Assert.DoesNotContain("#EXT-X-PRELOAD-HINT", playlist);
        Assert.DoesNotContain("init-1.mp4", playlist);
    }

    [Fact]
    public void Rendition_reports_name_every_other_track()
    {
        string playlist = HlsScenarios.Media(HlsScenarios.Ladder(), "video");
        Assert.Contains("#EXT-X-RENDITION-REPORT:URI=\"../video_480p/index.m3u8\",LAST-MSN=104,LAST-PART=0\n", playlist);
        Assert.Contains("#EXT-X-RENDITION-REPORT:URI=\"../audio/index.m3u8\",LAST-MSN=104,LAST-PART=0\n", playlist);
        Assert.DoesNotContain("../video/index.m3u8", playlist);
    }

    [Fact]
    public void Unknown_or_empty_track_renders_nothing()
    {
        var text = new ManifestTextBuilder();
        var timing = HlsTiming.Of(StreamSnapshot.Empty, HlsScenarios.Options);
        Assert.False(HlsMediaPlaylistWriter.TryWrite(text, HlsScenarios.Live(), "subtitles", timing, false));
        Assert.False(HlsMediaPlaylistWriter.TryWrite(text, StreamSnapshot.Empty, "video", timing, false));
        Assert.Equal(0, text.Length);
    }

    [Fact]
    public void Program_date_time_has_milliseconds_and_extinf_five_decimals()
    {
        var snapshot = new SnapshotBuilder(startSeconds: 1.2345).AddParts(3).AddParts(1, partSeconds: 0.3333).CompleteInProgress().AddParts(1).Build();
        string playlist = HlsScenarios.Media(snapshot, "video");
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-27T08:00:01.234Z\n", playlist);
        Assert.Contains("#EXTINF:1.83330,\n", playlist);
        Assert.Contains("#EXT-X-PART:DURATION=0.33330,", playlist);
    }
}
