using Sportall.Media.Model;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>Video renditions (a transcoding ladder) packaged next to the passthrough video.</summary>
public class RenditionTrackTests
{
    private static TrackInfo Rendition(int index, int height) => PackagerHarness.VideoTrack(index, 25) with { Width = height * 4 / 3, Height = height };

    [Fact]
    public void Renditions_added_mid_period_join_at_the_next_segment_with_the_same_tfdt()
    {
        using var harness = new PackagerHarness();
        harness.Packager.OnTracks([PackagerHarness.VideoTrack(0, 25), PackagerHarness.AudioTrack(1)]);
        const int fps = 25, gop = 50, lagFrames = 12;
        const long frameTicks = 90000 / fps;
        var pending = new Queue<(long Dts, bool Key)>();
        var added = false;
        for (var v = 0; v < fps * 9; v++)
        {
            var dts = v * frameTicks;
            var key = v % gop == 0;
            harness.Time.Advance(TimeSpan.FromMilliseconds(40));
            harness.Feed(0, dts, 90000, key, 800, (byte)v);
            // Audio up to this video time.
            for (var a = (int)((dts - frameTicks) * 48000 / 90000 / 1024) + 1; a * 1024L * 90000 / 48000 <= dts; a++)
            {
                if (a >= 0 && (v == 0 || a * 1024L * 90000 / 48000 > dts - frameTicks)) harness.Feed(1, a * 1024L, 48000, true, 200, (byte)a);
            }
            // The transcoder's outputs come out a dozen frames late, on the source's decode timestamps.
            pending.Enqueue((dts, key));
            if (v == 30 && !added)
            {
                harness.Packager.AddTracks([Rendition(16, 180), Rendition(17, 120)]);
                added = true;
            }
            if (pending.Count > lagFrames)
            {
                var (rdts, rkey) = pending.Dequeue();
                if (added)
                {
                    harness.Feed(16, rdts, 90000, rkey, 300, 1);
                    harness.Feed(17, rdts, 90000, rkey, 150, 2);
                }
            }
        }
        harness.Packager.OnPublisherLost();

        var period = Assert.Single(harness.Stream.Current.Periods);
        Assert.Equal(["video", "audio", "video_180p", "video_120p"], period.Tracks.Select(t => t.Id));
        var source = harness.Segments("video").Where(s => s.IsComplete).ToDictionary(s => s.SequenceNumber);
        foreach (var id in new[] { "video_180p", "video_120p" })
        {
            var segments = harness.Segments(id);
            Assert.True(segments.Count >= 3, $"{id}: {segments.Count} segments");
            // Joined at frame 30 (mid first segment): its first segment is the source's second.
            Assert.Equal(source.Keys.Min() + 1, segments[0].SequenceNumber);
            foreach (var segment in segments.Where(s => s.IsComplete && s.SequenceNumber < source.Keys.Max()))
            {
                var reference = source[segment.SequenceNumber];
                Assert.Equal(reference.StartTicks, segment.StartTicks);
                Assert.Equal(reference.DurationTicks, segment.DurationTicks);
                Assert.True(segment.Parts[0].Independent, $"{id} segment {segment.SequenceNumber} starts with a keyframe");
                Assert.Equal(reference.Parts.Select(p => p.StartTicks), segment.Parts.Select(p => p.StartTicks));
            }
        }
    }

    [Fact]
    public void Renditions_announced_with_the_period_get_height_ids()
    {
        using var harness = new PackagerHarness();
        harness.Packager.OnTracks([PackagerHarness.VideoTrack(0), PackagerHarness.AudioTrack(1), Rendition(2, 180), Rendition(3, 180)]);
        harness.FeedSession(1);
        var period = Assert.Single(harness.Stream.Current.Periods);
        Assert.Equal(["video", "audio", "video_180p", "video_180p_2"], period.Tracks.Select(t => t.Id));
    }

    [Fact]
    public void Adding_an_index_already_packaged_or_without_a_video_leader_is_ignored()
    {
        using var harness = new PackagerHarness();
        harness.Packager.OnTracks([PackagerHarness.AudioTrack(0)]);
        harness.Feed(0, 0, 48000, true, 100, 1);
        harness.Packager.AddTracks([Rendition(16, 180)]);
        Assert.Equal(["audio"], harness.Stream.Current.Periods.Single().Tracks.Select(t => t.Id));

        using var withVideo = new PackagerHarness();
        withVideo.Packager.OnTracks([PackagerHarness.VideoTrack(0), PackagerHarness.AudioTrack(1)]);
        withVideo.Feed(0, 0, 90000, true, 100, 1);
        withVideo.Packager.AddTracks([Rendition(1, 180)]);
        Assert.Equal(["video", "audio"], withVideo.Stream.Current.Periods.Single().Tracks.Select(t => t.Id));
    }
}
