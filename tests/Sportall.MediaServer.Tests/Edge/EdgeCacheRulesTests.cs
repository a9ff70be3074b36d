using System.Net.Http.Headers;
using System.Text;
using Sportall.MediaServer.Edge;

namespace Sportall.MediaServer.Tests.Edge;

public sealed class EdgeCacheRulesTests
{
    private static readonly EdgeOptions Options = new() { NotFoundTtl = TimeSpan.FromMilliseconds(150), MaxTtl = TimeSpan.FromMinutes(10) };

    private const string LivePlaylist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PART-INF:PART-TARGET=0.50000\n";

    public static TheoryData<string, EdgeObjectKind, int, string?, bool, string, double?, double> Cases => new()
    {
        { "immutable segment, capped", EdgeObjectKind.Segment, 200, "public, max-age=31536000, immutable", false, "", null, 600 },
        { "live playlist: one part, not the whole-second max-age", EdgeObjectKind.Playlist, 200, "public, max-age=1", false, LivePlaylist, null, 0.5 },
        { "blocking reload keeps the origin's max-age", EdgeObjectKind.Playlist, 200, "public, max-age=6", true, LivePlaylist, null, 6 },
        { "multivariant: its max-age", EdgeObjectKind.Playlist, 200, "public, max-age=2", false, "#EXTM3U\n", null, 2 },
        { "404 with unknown part target", EdgeObjectKind.Part, 404, "max-age=0", false, "", null, 0.15 },
        { "404 capped at half a short part", EdgeObjectKind.Part, 404, "max-age=0", false, "", 0.2, 0.1 },
        { "no-store", EdgeObjectKind.Other, 200, "no-store", false, "", null, 0 },
        { "no-cache", EdgeObjectKind.Other, 200, "no-cache", false, "", null, 0 },
        { "no Cache-Control", EdgeObjectKind.Other, 200, null, false, "", null, 0 },
        { "503 of a blocking reload", EdgeObjectKind.Playlist, 503, "no-store", true, "", null, 0 },
        { "400", EdgeObjectKind.Playlist, 400, "no-store", true, "", null, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ttl(string name, EdgeObjectKind kind, int status, string? cacheControl, bool blocking, string body, double? partTarget, double expectedSeconds)
    {
        var header = cacheControl is null ? null : CacheControlHeaderValue.Parse(cacheControl);
        var ttl = EdgeCacheRules.Ttl(kind, status, header, blocking, Encoding.UTF8.GetBytes(body), partTarget, Options);
        Assert.True(Math.Abs(ttl.TotalSeconds - expectedSeconds) < 1e-9, $"{name}: {ttl.TotalSeconds}");
    }

    [Fact]
    public void PlaylistsStandInForAFailedOriginForOneTargetDuration() =>
        Assert.Equal(TimeSpan.FromSeconds(2), EdgeCacheRules.StaleWindow(EdgeObjectKind.Playlist, Encoding.UTF8.GetBytes(LivePlaylist), TimeSpan.FromSeconds(0.5), Options));

    [Fact]
    public void MediaStandsInForTheMediaStaleWindow() =>
        Assert.Equal(Options.MediaStaleWindow, EdgeCacheRules.StaleWindow(EdgeObjectKind.Part, default, TimeSpan.FromMinutes(10), Options));

    [Theory]
    [InlineData("/live/x/index.m3u8", EdgeObjectKind.Playlist)]
    [InlineData("/live/x/video/index.m3u8", EdgeObjectKind.Playlist)]
    [InlineData("/live/x/index.mpd", EdgeObjectKind.Mpd)]
    [InlineData("/live/x/video/init-0.mp4", EdgeObjectKind.Init)]
    [InlineData("/live/x/video/seg-12.m4s", EdgeObjectKind.Segment)]
    [InlineData("/live/x/video/part-12.3.m4s", EdgeObjectKind.Part)]
    [InlineData("/time", EdgeObjectKind.Other)]
    public void KindOfPath(string path, EdgeObjectKind kind) => Assert.Equal(kind, EdgeObject.KindOf(path));
}
