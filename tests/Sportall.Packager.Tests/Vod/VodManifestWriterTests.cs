using System.IO.Pipelines;
using System.Text;
using System.Xml.Linq;
using Sportall.Packager.Hls;
using Sportall.Packager.Vod;
using static Sportall.Packager.Tests.Recording.RecordingTestData;

namespace Sportall.Packager.Tests.Vod;

public sealed class VodManifestWriterTests
{
    private sealed class FakePresentation(params VodTrack[] tracks) : IVodPresentation
    {
        public string AssetId => "a1";
        public IReadOnlyList<VodTrack> Tracks => tracks;
        public ValueTask WriteInitSegmentAsync(string trackId, PipeWriter output, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask WriteMediaSegmentAsync(string trackId, int segmentIndex, PipeWriter output, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    // Video: 2 s, 2 s, 2.52 s (rounds to 3), audio in 48 kHz on the same boundaries but starting 0.01 s later.
    private static readonly VodTrack VideoTrack = new("video", Video, 800_000, [new(0, 180000), new(180000, 180000), new(360000, 226800)]);
    private static readonly VodTrack AudioTrack = new("audio", Audio, 100_000, [new(480, 96000), new(96480, 96000), new(192480, 120960)]);

    [Fact]
    public void MediaPlaylistIsAVodPlaylistWithEveryNumberedSegmentAndEndlist()
    {
        var text = new ManifestTextBuilder();
        VodHlsPlaylistWriter.WriteMedia(text, VideoTrack);
        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n" +
            "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n" +
            "#EXTINF:2.00000,\nseg-0.m4s\n#EXTINF:2.00000,\nseg-1.m4s\n#EXTINF:2.52000,\nseg-2.m4s\n#EXT-X-ENDLIST\n",
            Encoding.UTF8.GetString(text.WrittenSpan));
    }

    [Fact]
    public void MultivariantPairsTheVideoVariantWithTheAudioGroup()
    {
        var text = new ManifestTextBuilder();
        VodHlsPlaylistWriter.WriteMultivariant(text, new FakePresentation(VideoTrack, AudioTrack));
        var playlist = Encoding.UTF8.GetString(text.WrittenSpan);
        Assert.Contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio/index.m3u8\"\n", playlist);
        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS=\"avc1.64001F,mp4a.40.2\",RESOLUTION=320x240,FRAME-RATE=25.000,AUDIO=\"audio\"\nvideo/index.m3u8\n", playlist);
    }

    [Fact]
    public void StaticMpdHasRunLengthTimelinesAndOneOffsetForEveryTrack()
    {
        var text = new ManifestTextBuilder();
        Assert.True(VodMpdWriter.TryWrite(text, new FakePresentation(VideoTrack, AudioTrack)));
        var mpd = XDocument.Parse(Encoding.UTF8.GetString(text.WrittenSpan));
        XNamespace ns = "urn:mpeg:dash:schema:mpd:2011";
        Assert.Equal("static", mpd.Root!.Attribute("type")!.Value);
        // Audio ends last: 192480 + 120960 ticks at 48 kHz = 6.53 s.
        Assert.Equal("PT6.53S", mpd.Root.Attribute("mediaPresentationDuration")!.Value);

        var templates = mpd.Descendants(ns + "SegmentTemplate").ToList();
        Assert.Equal(2, templates.Count);
        // The presentation starts at the earlier track (video, 0): audio's first sample plays 0.01 s in.
        Assert.All(templates, t => Assert.Equal("0", t.Attribute("presentationTimeOffset")!.Value));
        Assert.All(templates, t => Assert.Equal("0", t.Attribute("startNumber")!.Value));
        var video = templates[0].Descendants(ns + "S").Select(s => (string?)s.Attribute("t") + "/" + (string?)s.Attribute("d") + "/" + (string?)s.Attribute("r")).ToList();
        Assert.Equal(["0/180000/1", "/226800/"], video);
        var audio = templates[1].Descendants(ns + "S").Select(s => (string?)s.Attribute("t") + "/" + (string?)s.Attribute("d") + "/" + (string?)s.Attribute("r")).ToList();
        Assert.Equal(["480/96000/1", "/120960/"], audio);
    }

    [Fact]
    public void AnAssetWithoutSegmentsHasNoMpd() =>
        Assert.False(VodMpdWriter.TryWrite(new ManifestTextBuilder(), new FakePresentation(VideoTrack with { Segments = [] })));
}
