using Sportall.Packager.Hls;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>
/// Parts close on the arrival of their last sample (predicted duration), not when the next sample proves
/// them full: what LL-HLS part availability latency depends on.
/// </summary>
public sealed class PartLatencyTests
{
    private const long Frame30 = 3000; // 30 fps at 90 kHz

    [Theory]
    [InlineData(30, 3000, 15)] // the announced rate predicts the first part's last frame
    [InlineData(25, 3600, 12)]
    [InlineData(30, 3600, 12)] // the track's measured interval wins over a wrong announced rate
    public void A_video_part_is_published_on_the_arrival_of_its_last_frame(double announcedFps, long frameTicks, int framesPerPart)
    {
        using var h = new PackagerHarness(o => o.PartTargetMs = 500);
        h.Packager.OnTracks([PackagerHarness.VideoTrack(fps: announcedFps)]);
        for (var i = 0; i < framesPerPart - 1; i++) FeedVideo(h, i * frameTicks, key: i == 0);
        Assert.Empty(Parts(h, "video"));

        FeedVideo(h, (framesPerPart - 1) * frameTicks, key: false); // no successor is fed
        var part = Assert.Single(h.Segments("video")[0].Parts);
        Assert.Equal(framesPerPart * frameTicks, part.DurationTicks);
        var fragment = Fragment.ReadAll(part.Data.Span).Single();
        Assert.Equal(framesPerPart, fragment.Samples.Count);
        Assert.All(fragment.Samples, s => Assert.Equal((uint)frameTicks, s.Duration));
        Assert.True(h.Packager.TryGetPart("video", 1, 0, out _));
        // Observed with the snapshot that listed the part, on a clock that did not move.
        var latency = PackagerMetrics.PartPublishSeconds.WithLabels(h.Stream.Name, "video");
        Assert.Equal(1, latency.Count);
        Assert.Equal(0, latency.Sum);
    }

    [Fact]
    public void The_last_frame_takes_the_last_observed_interval()
    {
        using var h = new PackagerHarness(o => o.PartTargetMs = 500);
        h.Packager.OnTracks([PackagerHarness.VideoTrack(fps: 30)]);
        // 30 fps, then 25 fps from the 6th frame: the part closes when a 3600-tick frame no longer fits.
        long[] dts = [0, 3000, 6000, 9000, 12000, 15600, 19200, 22800, 26400, 30000, 33600, 37200, 40800];
        for (var i = 0; i < dts.Length; i++)
        {
            Assert.Empty(Parts(h, "video"));
            FeedVideo(h, dts[i], key: i == 0);
        }
        var part = Assert.Single(h.Segments("video")[0].Parts); // 40800 + 3600 + 3600 > 45000
        Assert.Equal(40800 + 3600, part.DurationTicks);
        Assert.Equal(3600u, Fragment.ReadAll(part.Data.Span).Single().Samples[^1].Duration);
    }

    [Theory]
    [InlineData(false)] // audio after video, as encoders interleave
    [InlineData(true)]  // audio ahead: the video cut releases it
    public void An_audio_part_is_published_on_the_arrival_of_the_frame_reaching_the_boundary(bool audioFirst)
    {
        using var h = new PackagerHarness(o => o.PartTargetMs = 500);
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        // With audio the video limit is 45000 − 1920 ticks: 14 frames, boundary at 42000 ticks = 22400 audio ticks.
        // The audio frame at 21 × 1024 = 21504 ends at 22528 ≥ 22400: it is the part's last.
        if (audioFirst)
        {
            for (var a = 0; a <= 21; a++) FeedAudio(h, a * 1024L);
            for (var v = 0; v < 14; v++) FeedVideo(h, v * Frame30, key: v == 0);
        }
        else
        {
            for (var v = 0; v < 14; v++) FeedVideo(h, v * Frame30, key: v == 0);
            Assert.Equal(42000, Assert.Single(h.Segments("video")[0].Parts).DurationTicks);
            for (var a = 0; a <= 20; a++) FeedAudio(h, a * 1024L);
            Assert.Empty(Parts(h, "audio"));
            FeedAudio(h, 21 * 1024L);
        }
        var part = Assert.Single(h.Segments("audio").Single().Parts);
        Assert.Equal(22 * 1024, part.DurationTicks);
        var fragment = Fragment.ReadAll(part.Data.Span).Single();
        Assert.Equal(22, fragment.Samples.Count);
        Assert.All(fragment.Samples, s => Assert.Equal(1024u, s.Duration));
    }

    [Fact]
    public void The_segments_last_part_closes_before_a_predicted_keyframe()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1500; o.PartTargetMs = 500; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack()]);
        // Keyframes every 50 frames (1.67 s): parts of 15, 15, 15 and 5 frames.
        for (var i = 0; i < 50; i++) FeedVideo(h, i * Frame30, key: i % 50 == 0);
        Assert.Equal(3, h.Segments("video")[0].Parts.Length); // no GOP known yet: frames 45..49 wait for the keyframe
        FeedVideo(h, 50 * Frame30, key: true);
        Assert.True(Segment(h, 1).IsComplete);
        Assert.Equal(5 * Frame30, Segment(h, 1).Parts[^1].DurationTicks);

        for (var i = 51; i < 100; i++) FeedVideo(h, i * Frame30, key: false);
        var second = Segment(h, 2);
        Assert.False(second.IsComplete);
        Assert.Equal(4, second.Parts.Length); // frame 99 closed the last part: frame 100 is due to be a keyframe
        Assert.Equal(50 * Frame30, second.DurationTicks);
        Assert.True(second.EndExpected); // the preload hint names 3.0, not a 2.4 that will not exist
        Assert.False(Segment(h, 1).EndExpected); // segment 1's last part waited for its keyframe: nothing was predicted
        FeedVideo(h, 100 * Frame30, key: true);
        second = Segment(h, 2);
        Assert.True(second.IsComplete);
        Assert.Equal(4, second.Parts.Length);
        Assert.Equal(50 * Frame30, second.DurationTicks);

        // The encoder's GOP changes: the predicted keyframe at 150 does not come, frame 150 starts a short part.
        for (var i = 101; i < 150; i++) FeedVideo(h, i * Frame30, key: false);
        Assert.True(Segment(h, 3).EndExpected);
        FeedVideo(h, 150 * Frame30, key: false);
        Assert.False(Segment(h, 3).EndExpected); // retracted on the frame that was not the keyframe: the hint is 3.4 again
        Assert.Equal((3L, 4), (HlsLiveEdge.Of(h.Stream.Current, "video").HintMsn, HlsLiveEdge.Of(h.Stream.Current, "video").HintPartIndex));
        for (var i = 151; i < 155; i++) FeedVideo(h, i * Frame30, key: false);
        FeedVideo(h, 155 * Frame30, key: true);
        var third = Segment(h, 3);
        Assert.True(third.IsComplete);
        Assert.Equal(55 * Frame30, third.DurationTicks);
        Assert.Equal([15 * Frame30, 15 * Frame30, 15 * Frame30, 5 * Frame30, 5 * Frame30], third.Parts.Select(p => p.DurationTicks));
        Assert.False(third.EndExpected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the prediction was wrong: both tracks take it back
    public void The_audio_part_at_a_predicted_segment_end_expects_that_end_too(bool keyframeComes)
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1500; o.PartTargetMs = 500; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        // Two GOPs of 50 frames with the audio interleaved as encoders send it (1600 audio ticks per video frame).
        long audio = 0;
        for (var v = 0; v < 100; v++)
        {
            FeedVideo(h, v * Frame30, key: v % 50 == 0);
            for (; audio + 1024 <= (v + 1) * 1600L; audio += 1024) FeedAudio(h, audio);
        }
        FeedAudio(h, audio); // the audio frame that reaches the video's predicted end (frame 100 = 160000 audio ticks)

        var video = Segment(h, 2);
        var sound = h.Segments("audio").Single(s => s.SequenceNumber == 2);
        Assert.True(video.EndExpected && !video.IsComplete);
        Assert.True(sound.EndExpected && !sound.IsComplete);
        foreach (var track in new[] { "video", "audio" })
        {
            var edge = HlsLiveEdge.Of(h.Stream.Current, track);
            Assert.Equal((3L, 0), (edge.HintMsn, edge.HintPartIndex));
        }

        FeedVideo(h, 100 * Frame30, key: keyframeComes);
        Assert.Equal(keyframeComes, Segment(h, 2).IsComplete);
        if (!keyframeComes)
        {
            Assert.False(Segment(h, 2).EndExpected);
            Assert.False(h.Segments("audio").Single(s => s.SequenceNumber == 2).EndExpected);
            Assert.Equal((2L, 4), (HlsLiveEdge.Of(h.Stream.Current, "video").HintMsn, HlsLiveEdge.Of(h.Stream.Current, "video").HintPartIndex));
        }
    }

    [Theory]
    [InlineData(1)]   // jitter: the next part starts one tick after the predicted end (gap)
    [InlineData(-1)]  // and one tick before it (overlap)
    [InlineData(90)]  // a millisecond of FLV rounding
    public void Jitter_starts_the_next_part_at_its_real_dts(long error)
    {
        using var h = new PackagerHarness(o => o.PartTargetMs = 500);
        h.Packager.OnTracks([PackagerHarness.VideoTrack()]);
        for (var i = 0; i < 15; i++) FeedVideo(h, i * Frame30, key: i == 0);
        for (var i = 15; i < 30; i++) FeedVideo(h, i * Frame30 + error, key: false);
        var parts = h.Segments("video")[0].Parts;
        Assert.Equal(2, parts.Length);
        Assert.Equal(45000, parts[0].StartTicks + parts[0].DurationTicks); // published before the error was known
        var second = Fragment.ReadAll(parts[1].Data.Span).Single();
        Assert.Equal((ulong)(45000 + error), second.BaseMediaDecodeTime);
        Assert.Equal(45000 + error, parts[1].StartTicks);
        Assert.True(parts[1].DurationTicks <= 45000);
    }

    [Fact]
    public void A_gap_keeps_parts_within_the_target_and_tfdt_monotonic()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 2000; o.PartTargetMs = 500; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        // Video frames 0..9, then nothing until frame 40 (a 1 s gap), then on; audio goes on throughout.
        var video = Enumerable.Range(0, 10).Concat(Enumerable.Range(40, 50)).Select(i => i * Frame30).ToList();
        var audio = Enumerable.Range(0, 140).Select(a => a * 1024L).ToList();
        int v = 0, a = 0;
        while (v < video.Count || a < audio.Count)
        {
            if (a >= audio.Count || (v < video.Count && video[v] * 48000 <= audio[a] * 90000)) { FeedVideo(h, video[v], key: v == 0); v++; }
            else { FeedAudio(h, audio[a]); a++; }
        }
        h.Packager.OnPublisherLost();

        foreach (var (trackId, limit) in new[] { ("video", 45000L), ("audio", 24000L) })
        {
            long lastTfdt = -1;
            var samples = 0;
            foreach (var part in h.Segments(trackId).SelectMany(s => s.Parts))
            {
                Assert.True(part.DurationTicks <= limit, $"{trackId} part at {part.StartTicks} lasts {part.DurationTicks}");
                var fragment = Fragment.ReadAll(part.Data.Span).Single();
                Assert.True((long)fragment.BaseMediaDecodeTime > lastTfdt);
                lastTfdt = (long)fragment.BaseMediaDecodeTime;
                samples += fragment.Samples.Count;
            }
            Assert.Equal(trackId == "video" ? video.Count : audio.Count, samples); // nothing dropped
        }
        var first = h.Segments("video")[0].Parts[0];
        Assert.Equal(10 * Frame30, first.DurationTicks); // closed at its predicted end, not stretched over the gap
        Assert.Equal(40 * Frame30, h.Segments("video")[0].Parts[1].StartTicks);
    }

    private static CmafSegment Segment(PackagerHarness h, long sequence) => h.Segments("video").Single(s => s.SequenceNumber == sequence);

    private static List<CmafPart> Parts(PackagerHarness h, string trackId) => [.. h.Segments(trackId).SelectMany(s => s.Parts)];

    private static void FeedVideo(PackagerHarness h, long dts, bool key) => h.Feed(0, dts, 90000, key, 800, (byte)dts);

    private static void FeedAudio(PackagerHarness h, long dts) => h.Feed(1, dts, 48000, true, 200, (byte)dts);
}
