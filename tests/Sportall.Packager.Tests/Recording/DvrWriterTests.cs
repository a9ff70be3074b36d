using System.Collections.Immutable;
using System.Text;
using System.Xml.Linq;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;
using Sportall.Packager.Recording;
using static Sportall.Packager.Tests.Recording.RecordingTestData;

namespace Sportall.Packager.Tests.Recording;

public sealed class DvrWriterTests
{
    private static readonly DateTimeOffset Zero = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    // Five 2 s video segments; a reconnect after the third starts period 1 at 6 s.
    private static DvrSnapshot Snapshot(bool ended)
    {
        var periods = ImmutableArray.Create(
            new PackagedPeriod(0, Zero, 0, [new PackagedTrack("video", Video, new byte[] { 1 })]),
            new PackagedPeriod(1, Zero.AddSeconds(40), 6, [new PackagedTrack("video", Video, new byte[] { 2 })]));
        var segments = ImmutableList.CreateRange(Enumerable.Range(0, 5).Select(i => new CmafSegment
        {
            TrackId = "video", SequenceNumber = i + 1, PeriodIndex = i < 3 ? 0 : 1, StartTicks = i * 180000L, DurationTicks = 180000,
            Timescale = 90000, ProgramDateTime = Zero.AddSeconds(i < 3 ? 2 * i : 40 + 2 * (i - 3)), Parts = [], IsComplete = true, ByteLength = 50_000,
        }));
        return new DvrSnapshot("a1", Zero, periods, ImmutableDictionary<string, ImmutableList<CmafSegment>>.Empty.SetItem("video", segments), ended);
    }

    [Theory]
    [InlineData(DvrPlaylistMode.Event, 4, 0)]     // the whole event, whatever the window
    [InlineData(DvrPlaylistMode.Sliding, 4, 3)]   // the last 4 s: two segments
    [InlineData(DvrPlaylistMode.Sliding, 5, 3)]   // a segment that does not fit whole is left out
    [InlineData(DvrPlaylistMode.Sliding, 1, 4)]   // at least the newest
    [InlineData(DvrPlaylistMode.Sliding, 3600, 0)]
    public void WindowStartsAtTheOldestSegmentThatFits(DvrPlaylistMode mode, int windowSeconds, int expected) =>
        Assert.Equal(expected, DvrWindow.FirstIndex(Snapshot(false).Segments["video"], windowSeconds, mode));

    [Fact]
    public void EventPlaylistListsEveryPeriodWithADiscontinuityAndItsOwnInit()
    {
        var text = new ManifestTextBuilder();
        Assert.True(DvrHlsPlaylistWriter.TryWrite(text, Snapshot(ended: false), "video", 4, DvrPlaylistMode.Event));
        var playlist = Encoding.UTF8.GetString(text.WrittenSpan);
        Assert.StartsWith("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n", playlist);
        Assert.Contains("seg-3.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:2026-11-27T08:00:40.000Z\n#EXTINF:2.00000,\nseg-4.m4s\n", playlist);
        Assert.DoesNotContain("#EXT-X-ENDLIST", playlist);
    }

    [Fact]
    public void SlidingPlaylistStartsInsideTheWindowAndEndsOnceTheLiveEnded()
    {
        var text = new ManifestTextBuilder();
        Assert.True(DvrHlsPlaylistWriter.TryWrite(text, Snapshot(ended: true), "video", 4, DvrPlaylistMode.Sliding));
        var playlist = Encoding.UTF8.GetString(text.WrittenSpan);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:4\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n", playlist);
        Assert.DoesNotContain("PLAYLIST-TYPE", playlist);
        Assert.DoesNotContain("init-0.mp4", playlist);
        Assert.EndsWith("seg-5.m4s\n#EXT-X-ENDLIST\n", playlist);
    }

    [Fact]
    public void DynamicMpdAdvertisesTheWindowAsTimeShiftBufferDepthWithOnePeriodPerLivePeriod()
    {
        var text = new ManifestTextBuilder();
        Assert.True(DvrMpdWriter.TryWrite(text, Snapshot(ended: false), 3600, DvrPlaylistMode.Sliding, Zero.AddSeconds(50), "http://h/time"));
        var mpd = XDocument.Parse(Encoding.UTF8.GetString(text.WrittenSpan));
        XNamespace ns = "urn:mpeg:dash:schema:mpd:2011";
        Assert.Equal("dynamic", mpd.Root!.Attribute("type")!.Value);
        Assert.Equal("PT3600S", mpd.Root.Attribute("timeShiftBufferDepth")!.Value);
        var periods = mpd.Root.Elements(ns + "Period").ToList();
        Assert.Equal(["PT0S", "PT6S"], periods.Select(p => p.Attribute("start")!.Value));
        var second = periods[1].Descendants(ns + "SegmentTemplate").Single();
        Assert.Equal("4", second.Attribute("startNumber")!.Value);
        Assert.Equal("540000", second.Attribute("presentationTimeOffset")!.Value);
        Assert.Equal("$RepresentationID$/init-1.mp4", second.Attribute("initialization")!.Value);

        text.Clear();
        Assert.True(DvrMpdWriter.TryWrite(text, Snapshot(ended: false), 3600, DvrPlaylistMode.Event, Zero.AddSeconds(50), "http://h/time"));
        Assert.Null(XDocument.Parse(Encoding.UTF8.GetString(text.WrittenSpan)).Root!.Attribute("timeShiftBufferDepth"));
    }

    [Fact]
    public void SegmentCacheEvictsTheOldestPastItsBudget()
    {
        var cache = new RecordedSegmentCache(budgetBytes: 250);
        cache.Add("a", new byte[100]);
        cache.Add("b", new byte[100]);
        cache.Add("c", new byte[100]);
        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(200, cache.Bytes);
        cache.Add("huge", new byte[300]); // larger than the whole budget: not cached, nothing evicted
        Assert.False(cache.TryGet("huge", out _));
        Assert.Equal(200, cache.Bytes);
    }
}
