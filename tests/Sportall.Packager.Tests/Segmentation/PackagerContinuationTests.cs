using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using System.Text.RegularExpressions;
using Sportall.Packager.Dash;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;
using Sportall.Packager.Tests.Hls;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>A packager that takes a stream over from another node continues its numbering instead of restarting it.</summary>
public sealed class PackagerContinuationTests
{
    [Theory]
    [InlineData(1L, 0)]
    [InlineData(1L, 3)]
    [InlineData(731L, 0)]
    [InlineData(731L, 5)]
    public void Segments_and_the_first_period_start_at_the_continuation(long nextSequence, int nextPeriod)
    {
        using var h = new PackagerHarness(continuation: new PackagerContinuation(nextSequence, nextPeriod));
        Assert.Equal(new PackagerContinuation(nextSequence, nextPeriod), h.Packager.Position);
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(7);

        var snapshot = h.Stream.Current;
        var period = Assert.Single(snapshot.Periods);
        Assert.Equal(nextPeriod, period.Index);
        Assert.Equal(nextPeriod, snapshot.DiscontinuitySequence);
        Assert.True(h.Packager.TryGetInit("video", nextPeriod, out _));
        var video = h.Segments("video");
        Assert.Equal(nextSequence, video[0].SequenceNumber);
        Assert.All(video, s => Assert.Equal(nextPeriod, s.PeriodIndex));
        Assert.Equal(h.Segments("audio")[0].SequenceNumber, nextSequence);
        // The position moves on with the stream: the next segment and period are the ones after the last used.
        Assert.Equal(new PackagerContinuation(video[^1].SequenceNumber + 1, nextPeriod + 1), h.Packager.Position);
    }

    [Fact]
    public void The_hls_playlist_of_a_continued_stream_carries_its_sequences_and_init_without_a_leading_discontinuity()
    {
        using var h = new PackagerHarness(continuation: new PackagerContinuation(412, 2));
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(7);

        var playlist = HlsScenarios.Media(h.Stream.Current, "video");
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:412\n", playlist);
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:2\n", playlist);
        Assert.Contains("#EXT-X-MAP:URI=\"init-2.mp4\"", playlist);
        Assert.DoesNotContain("#EXT-X-DISCONTINUITY\n", playlist);
        Assert.Matches(@"(?m)^seg-412\.m4s$", playlist);
        Assert.DoesNotMatch(@"(?m)^seg-([1-9]|[1-9]\d|[1-3]\d\d|40\d|41[01])\.m4s$", playlist);
    }

    [Fact]
    public void A_reconnect_after_a_continuation_adds_one_discontinuity_on_top_of_it()
    {
        using var h = new PackagerHarness(continuation: new PackagerContinuation(90, 4));
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(5);
        h.Packager.OnPublisherLost();
        h.Time.Advance(TimeSpan.FromSeconds(2));
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(5);

        var snapshot = h.Stream.Current;
        Assert.Equal([4, 5], snapshot.Periods.Select(p => p.Index));
        var playlist = HlsScenarios.Media(snapshot, "video");
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:4\n", playlist);
        Assert.Single(Regex.Matches(playlist, "#EXT-X-DISCONTINUITY\n"));
        Assert.Contains("#EXT-X-MAP:URI=\"init-5.mp4\"", playlist);
    }

    [Fact]
    public void The_dash_period_of_a_continued_stream_is_identified_by_its_index_and_numbers_from_the_continuation()
    {
        using var h = new PackagerHarness(continuation: new PackagerContinuation(57, 3));
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(7);

        var text = new ManifestTextBuilder();
        Assert.True(DashMpdWriter.TryWrite(text, h.Stream.Current, h.Options, h.Time.GetUtcNow(), "/time"));
        var mpd = Encoding.UTF8.GetString(text.WrittenSpan);
        Assert.Contains("<Period id=\"3\"", mpd);
        Assert.Contains("init-3.mp4", mpd);
        Assert.Matches(@"startNumber=""57""", mpd);
        Assert.DoesNotContain("init-0.mp4", mpd);
    }

    [Fact]
    public void Without_a_continuation_numbering_starts_at_sequence_1_and_period_0()
    {
        using var h = new PackagerHarness();
        Assert.Equal(PackagerContinuation.Fresh, h.Packager.Position);
        h.Packager.OnTracks([PackagerHarness.VideoTrack()]);
        h.FeedSession(3, audio: false);
        Assert.Equal(1, h.Segments("video")[0].SequenceNumber);
        Assert.Equal(0, h.Stream.Current.Periods[0].Index);
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(-5L, 0)]
    [InlineData(1L, -1)]
    public void An_impossible_continuation_is_refused(long nextSequence, int nextPeriod)
    {
        var options = new PackagerOptions { DataPath = Path.Combine(Path.GetTempPath(), "sportall-never-created") };
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiveStreamPackager(new PackagedStream("refused"), options, TimeProvider.System,
            NullLogger<LiveStreamPackager>.Instance, new PackagerContinuation(nextSequence, nextPeriod)));
    }
}
