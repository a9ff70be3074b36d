using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Sportall.Packager.Dash;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;
using Sportall.Packager.Tests.Hls;

namespace Sportall.Packager.Tests.Dash;

public sealed class DashMpdWriterTests
{
    private static readonly DateTimeOffset PublishTime = SnapshotBuilder.AvailabilityStart.AddMinutes(40);
    private const string TimeUrl = "http://127.0.0.1:8080/time";
    private static readonly XNamespace Mpd = DashMpdWriter.Namespace;

    private static string Render(StreamSnapshot snapshot)
    {
        var text = new ManifestTextBuilder();
        Assert.True(DashMpdWriter.TryWrite(text, snapshot, HlsScenarios.Options, PublishTime, TimeUrl));
        return Encoding.UTF8.GetString(text.WrittenSpan);
    }

    public static TheoryData<string> Names() => ["mpd_dynamic.mpd", "mpd_two_periods.mpd", "mpd_static_ended.mpd", "mpd_ladder.mpd"];

    private static StreamSnapshot Scenario(string name) => name switch
    {
        "mpd_dynamic.mpd" => HlsScenarios.Live(),
        "mpd_two_periods.mpd" => HlsScenarios.TwoPeriods(),
        "mpd_static_ended.mpd" => HlsScenarios.Ended(),
        "mpd_ladder.mpd" => HlsScenarios.Ladder(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Mpd_matches_golden_file(string name)
    {
        string mpd = Render(Scenario(name));
        XDocument.Parse(mpd); // well-formed before anything else
        GoldenFile.AssertMatches(name, mpd);
    }

    [Fact]
    public void Dynamic_mpd_lists_complete_segments_with_run_length_timeline()
    {
        var doc = XDocument.Parse(Render(HlsScenarios.Live()));
        var root = doc.Root!;
        Assert.Equal("dynamic", (string?)root.Attribute("type"));
        Assert.Equal("2026-11-27T08:00:00.000Z", (string?)root.Attribute("availabilityStartTime"));
        Assert.Equal("PT60S", (string?)root.Attribute("timeShiftBufferDepth"));
        Assert.Equal("PT2S", (string?)root.Attribute("minimumUpdatePeriod"));
        Assert.Equal("urn:mpeg:dash:utc:http-iso:2014", (string?)root.Element(Mpd + "UTCTiming")!.Attribute("schemeIdUri"));
        Assert.Equal(TimeUrl, (string?)root.Element(Mpd + "UTCTiming")!.Attribute("value"));

        foreach (var template in doc.Descendants(Mpd + "SegmentTemplate"))
        {
            var s = Assert.Single(template.Descendants(Mpd + "S"));
            // 100..107 complete (the in-progress 108 is not listed): one S with r=7.
            Assert.Equal("7", (string?)s.Attribute("r"));
            Assert.Equal("100", (string?)template.Attribute("startNumber"));
            long timescale = long.Parse((string)template.Attribute("timescale")!, CultureInfo.InvariantCulture);
            long t = long.Parse((string)s.Attribute("t")!, CultureInfo.InvariantCulture);
            long d = long.Parse((string)s.Attribute("d")!, CultureInfo.InvariantCulture);
            Assert.Equal(2 * timescale, d);
            Assert.Equal(200 * timescale, t);
            // The first listed segment is the period's first: PTO is its tfdt, so it plays at Period@start.
            Assert.Equal(t, long.Parse((string)template.Attribute("presentationTimeOffset")!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Presentation_time_offset_survives_the_period_start_leaving_the_window()
    {
        var builder = new SnapshotBuilder(firstMsn: 0, startSeconds: 0).AddSegments(4).StartPeriod(5).AddSegments(6);
        string before = Render(builder.Build());
        string after = Render(builder.DropOldest(6).Build());

        static string PtoOfPeriod1(string mpd) => (string)XDocument.Parse(mpd).Descendants(Mpd + "Period")
            .Single(p => (string?)p.Attribute("id") == "1")
            .Descendants(Mpd + "SegmentTemplate").First().Attribute("presentationTimeOffset")!;

        Assert.Single(XDocument.Parse(after).Descendants(Mpd + "Period"));
        Assert.Equal(PtoOfPeriod1(before), PtoOfPeriod1(after));
        Assert.Equal((13 * 90000).ToString(CultureInfo.InvariantCulture), PtoOfPeriod1(after));
        Assert.Contains("<Period id=\"1\" start=\"PT13S\">", after);
    }

    [Fact]
    public void Two_periods_have_their_own_start_init_and_timeline()
    {
        var doc = XDocument.Parse(Render(HlsScenarios.TwoPeriods()));
        var periods = doc.Descendants(Mpd + "Period").ToList();
        Assert.Equal(2, periods.Count);
        Assert.Equal("PT20S", (string?)periods[0].Attribute("start"));
        Assert.Equal("PT29.5S", (string?)periods[1].Attribute("start"));
        var video1 = periods[1].Descendants(Mpd + "SegmentTemplate").First();
        Assert.Equal("$RepresentationID$/init-1.mp4", (string?)video1.Attribute("initialization"));
        Assert.Equal("13", (string?)video1.Attribute("startNumber"));
        // 13..15 complete, 16 in progress.
        Assert.Equal("2", (string?)video1.Descendants(Mpd + "S").Single().Attribute("r"));
    }

    [Fact]
    public void Ended_stream_is_static_with_a_duration()
    {
        var root = XDocument.Parse(Render(HlsScenarios.Ended())).Root!;
        Assert.Equal("static", (string?)root.Attribute("type"));
        // Period at 20 s, five 2 s segments.
        Assert.Equal("PT30S", (string?)root.Attribute("mediaPresentationDuration"));
        Assert.Null(root.Attribute("minimumUpdatePeriod"));
        Assert.Null(root.Element(Mpd + "UTCTiming"));
    }

    [Fact]
    public void Timeline_restates_t_after_a_gap_and_splits_runs_on_duration_change()
    {
        var snapshot = new SnapshotBuilder(audio: false).AddSegments(2).AddParts(3).CompleteInProgress().AddSegments(1).Build();
        // Cut a hole in time: drop segment 1 from the list by hand and renumber the later ones, so the
        // sequence numbers stay consecutive ($Number$ addressing) while the timeline jumps.
        var video = snapshot.Segments["video"].RemoveAt(1);
        video = [.. video.Select((segment, i) => segment with { SequenceNumber = i })];
        snapshot = snapshot with { Segments = snapshot.Segments.SetItem("video", video) };

        var s = XDocument.Parse(Render(snapshot)).Descendants(Mpd + "S").ToList();
        Assert.Equal(3, s.Count);
        Assert.Equal(("0", "180000"), ((string)s[0].Attribute("t")!, (string)s[0].Attribute("d")!));
        Assert.Equal(("360000", "135000"), ((string)s[1].Attribute("t")!, (string)s[1].Attribute("d")!));
        Assert.Null(s[2].Attribute("t"));
        Assert.Equal("180000", (string?)s[2].Attribute("d"));
    }

    [Fact]
    public void Frame_rate_is_an_integer_or_a_fraction()
    {
        string mpd = Render(HlsScenarios.Ladder());
        Assert.Contains("frameRate=\"25\"", mpd);
        Assert.Contains("frameRate=\"30000/1001\"", mpd);
    }

    [Fact]
    public void Nothing_complete_renders_no_mpd()
    {
        var text = new ManifestTextBuilder();
        Assert.False(DashMpdWriter.TryWrite(text, HlsScenarios.FirstParts(), HlsScenarios.Options, PublishTime, TimeUrl));
        Assert.False(DashMpdWriter.TryWrite(text, StreamSnapshot.Empty, HlsScenarios.Options, PublishTime, TimeUrl));
    }
}
