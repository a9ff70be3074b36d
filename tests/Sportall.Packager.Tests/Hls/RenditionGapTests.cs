using System.Text.RegularExpressions;
using Sportall.Packager.Dash;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Tests.Hls;

/// <summary>A transcoded rendition misses the segments cut while its transcoder restarted.</summary>
public class RenditionGapTests
{
    private static StreamSnapshot LadderWithHole(int first, int count)
    {
        var snapshot = new SnapshotBuilder(firstMsn: 100, startSeconds: 200)
            .AddVideoRendition("video_480p", SnapshotBuilder.VideoInfo with { Width = 854, Height = 480, CodecString = "avc1.64001E" })
            .AddSegments(6).AddParts(1).Build();
        var list = snapshot.Segments["video_480p"].RemoveRange(first, count);
        return snapshot with { Segments = snapshot.Segments.SetItem("video_480p", list) };
    }

    [Fact]
    public void Hls_lists_missing_sequence_numbers_as_gaps()
    {
        var playlist = HlsScenarios.Media(LadderWithHole(2, 2), "video_480p");
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:100\n", playlist);
        Assert.Contains("seg-101.m4s\n#EXT-X-GAP\n#EXTINF:2.00000,\nseg-102.m4s\n#EXT-X-GAP\n#EXTINF:2.00000,\nseg-103.m4s\n", playlist);
        // Every media sequence number appears once, in order, as in the passthrough rendition's playlist.
        var numbers = Regex.Matches(playlist, @"^seg-(\d+)\.m4s$", RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(100, numbers.Count).Select(n => (long)n), numbers);
        Assert.DoesNotContain("#EXT-X-GAP", HlsScenarios.Media(LadderWithHole(2, 2), "video"));
    }

    [Fact]
    public void Hls_gap_before_the_in_progress_segment()
    {
        var snapshot = LadderWithHole(5, 1);
        var playlist = HlsScenarios.Media(snapshot, "video_480p");
        Assert.Matches(@"seg-104\.m4s\n#EXT-X-GAP\n#EXTINF:2\.00000,\nseg-105\.m4s\n#EXT-X-PROGRAM-DATE-TIME:[^\n]+\n#EXT-X-PART:DURATION=0\.50000,URI=""part-106\.0\.m4s""", playlist);
    }

    [Fact]
    public void Dash_timeline_starts_after_the_last_hole()
    {
        var text = new ManifestTextBuilder();
        Assert.True(DashMpdWriter.TryWrite(text, LadderWithHole(2, 2), HlsScenarios.Options, SnapshotBuilder.AvailabilityStart.AddMinutes(5), "/time"));
        var mpd = System.Text.Encoding.UTF8.GetString(text.WrittenSpan);
        var rendition = mpd[mpd.IndexOf("id=\"video_480p\"", StringComparison.Ordinal)..];
        Assert.Matches(@"startNumber=""104""[^>]*>\s*<SegmentTimeline>\s*<S t=""\d+"" d=""180000"" r=""1""/>", rendition);
        var video = mpd[mpd.IndexOf("id=\"video\"", StringComparison.Ordinal)..];
        Assert.Matches(@"startNumber=""100""", video);
    }
}
