using Sportall.Packager.Delivery;
using Sportall.Packager.Tests.Hls;

namespace Sportall.Packager.Tests.Delivery;

public sealed class StreamManifestCacheTests
{
    private static StreamManifestCache NewCache() => new(HlsScenarios.Options, TimeProvider.System);

    [Fact]
    public void Each_snapshot_is_rendered_once_and_shared()
    {
        var cache = NewCache();
        var builder = new SnapshotBuilder().AddSegments(3).AddParts(1);
        var first = builder.Build();

        var a = cache.GetMediaPlaylist(first, "video", deltaUpdate: false)!;
        var b = cache.GetMediaPlaylist(first, "video", deltaUpdate: false)!;
        Assert.Same(a.Bytes, b.Bytes);
        Assert.Same(cache.GetMultivariant(first)!.Bytes, cache.GetMultivariant(first)!.Bytes);
        Assert.Same(cache.GetMpd(first, "http://h/time")!.Bytes, cache.GetMpd(first, "http://h/time")!.Bytes);

        var second = builder.AddParts(1).Build();
        var c = cache.GetMediaPlaylist(second, "video", deltaUpdate: false)!;
        Assert.NotSame(a.Bytes, c.Bytes);
        Assert.Equal(HlsScenarios.Media(second, "video"), System.Text.Encoding.UTF8.GetString(c.Bytes));
    }

    [Fact]
    public void Delta_update_tracks_and_time_url_are_cached_apart()
    {
        var cache = NewCache();
        var snapshot = HlsScenarios.FullWindow();

        var full = cache.GetMediaPlaylist(snapshot, "video", deltaUpdate: false)!;
        var delta = cache.GetMediaPlaylist(snapshot, "video", deltaUpdate: true)!;
        var audio = cache.GetMediaPlaylist(snapshot, "audio", deltaUpdate: false)!;
        Assert.NotEqual(full.Bytes, delta.Bytes);
        Assert.NotEqual(full.Bytes, audio.Bytes);
        Assert.Same(delta.Bytes, cache.GetMediaPlaylist(snapshot, "video", deltaUpdate: true)!.Bytes);

        var mpdA = cache.GetMpd(snapshot, "http://a/time")!;
        var mpdB = cache.GetMpd(snapshot, "http://b/time")!;
        Assert.Contains("http://b/time", System.Text.Encoding.UTF8.GetString(mpdB.Bytes));
        Assert.NotSame(mpdA.Bytes, mpdB.Bytes);
    }

    [Fact]
    public void Unknown_tracks_render_nothing()
    {
        var cache = NewCache();
        Assert.Null(cache.GetMediaPlaylist(HlsScenarios.Live(), "nope", deltaUpdate: false));
    }
}
