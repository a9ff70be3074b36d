using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.MediaServer.Edge;
using Sportall.Packager.Tests.Hls;

namespace Sportall.Interop.Tests.Edge;

/// <summary>
/// Edge cache nodes in front of a real origin (the all-in-one host) with a real Redis: request
/// coalescing, 404s of future parts, stale-if-error, signed playback and hls.js playing through an edge.
/// </summary>
public sealed class EdgeCacheTests : IClassFixture<EdgeClusterFixture>
{
    private readonly EdgeClusterFixture _cluster;

    public EdgeCacheTests(EdgeClusterFixture cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task ThousandConcurrentRequestsForAnUncachedPartCostAtMostOneOriginFetchPerEdge()
    {
        var (stream, builder) = _cluster.Origin.Synthetic("acme-stampede");
        stream.Publish(builder.AddParts(2).Build());
        const string Path = "live/acme-stampede/video/part-0.1.m4s";
        var expected = SnapshotBuilder.PartBytes("video", 0, 1);

        var requests = Enumerable.Range(0, 1000)
            .Select(i => (i % 2 == 0 ? _cluster.EdgeA : _cluster.EdgeB).Http.GetByteArrayAsync(Path))
            .ToArray();
        var bodies = await Task.WhenAll(requests);

        Assert.All(bodies, body => Assert.Equal(expected, body));
        int fetchesA = _cluster.Origin.Requests.Count("edge-a", "/" + Path);
        int fetchesB = _cluster.Origin.Requests.Count("edge-b", "/" + Path);
        Assert.InRange(fetchesA, 0, 1);
        Assert.InRange(fetchesB, 0, 1);
        Assert.InRange(fetchesA + fetchesB, 1, 2);

        // Egress is counted per tenant (stream-name prefix), stream and edge.
        var metrics = await _cluster.EdgeA.Http.GetStringAsync("metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith("sportall_edge_egress_bytes_total{", StringComparison.Ordinal)
            && l.Contains("stream=\"acme-stampede\"") && l.Contains("edge=\"edge-a\""));
        Assert.Contains("tenant=\"acme\"", line);
        Assert.Equal(500 * expected.Length, double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task BlockingPlaylistRequestsForOnePartAreCoalescedAndAnsweredWhenThePartIsPublished()
    {
        var (stream, builder) = _cluster.Origin.Synthetic("blocking");
        stream.Publish(builder.AddParts(1).Build());
        const string Path = "live/blocking/video/index.m3u8?_HLS_msn=0&_HLS_part=2";

        var waiting = Enumerable.Range(0, 200)
            .Select(i => (i % 2 == 0 ? _cluster.EdgeA : _cluster.EdgeB).Http.GetStringAsync(Path))
            .ToArray();
        // Every request is held (the part does not exist yet) until the origin has been asked once per edge at most.
        await Eventually.TrueAsync(() => Task.FromResult(_cluster.Origin.Requests.Total("/" + Path) >= 1), TimeSpan.FromSeconds(10), "the blocking reload at the origin");
        Assert.DoesNotContain(waiting, t => t.IsCompleted);

        stream.Publish(builder.AddParts(2).Build());
        var playlists = await Task.WhenAll(waiting);

        Assert.All(playlists, p => Assert.Contains("part-0.2.m4s", p));
        // One origin request per edge at most; with the shared Redis fill lock usually one for both.
        Assert.InRange(_cluster.Origin.Requests.Count("edge-a", "/" + Path), 0, 1);
        Assert.InRange(_cluster.Origin.Requests.Count("edge-b", "/" + Path), 0, 1);
        Assert.InRange(_cluster.Origin.Requests.Total("/" + Path), 1, 2);
    }

    [Fact]
    public async Task PartPublishedAfterA404IsServedWithinHalfAPart()
    {
        var (stream, builder) = _cluster.Origin.Synthetic("late");
        stream.Publish(builder.AddParts(1).Build());
        var edge = _cluster.EdgeA;
        // A playlist through the edge tells it the part target (0.5 s), which caps how long it keeps a 404.
        Assert.Contains("PART-TARGET=", await edge.Http.GetStringAsync("live/late/video/index.m3u8"));

        // part-0.1 is the preload hint (the origin holds that request); part-0.2 is beyond it: 404 now.
        using (var missing = await edge.Http.GetAsync("live/late/video/part-0.2.m4s"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        var hinted = edge.Http.GetByteArrayAsync("live/late/video/part-0.1.m4s");

        stream.Publish(builder.AddParts(2).Build());
        var published = Stopwatch.StartNew();
        TimeSpan servedAfter;
        while (true)
        {
            using var response = await edge.Http.GetAsync("live/late/video/part-0.2.m4s");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                servedAfter = published.Elapsed;
                Assert.Equal(SnapshotBuilder.PartBytes("video", 0, 2), await response.Content.ReadAsByteArrayAsync());
                break;
            }
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.True(published.Elapsed < TimeSpan.FromSeconds(2), "the published part was still hidden after 2 s");
            await Task.Delay(5);
        }
        // Half a part (250 ms) plus 100 ms for the test's own polling and a busy two-core machine.
        Assert.True(servedAfter <= TimeSpan.FromMilliseconds(350), $"served {servedAfter.TotalMilliseconds:0} ms after publishing");
        Assert.Equal(SnapshotBuilder.PartBytes("video", 0, 1), await hinted);
    }

    [Fact]
    public async Task DeadOriginServesStaleSegmentsAndRecentPlaylistsThenClearErrors()
    {
        await using var origin = await OriginNode.StartAsync();
        await using var edge = await EdgeNode.StartAsync("edge-stale", origin.BaseUri, settings: new Dictionary<string, string?>
        {
            // Cache lifetimes far below the stale window, so the stale path is what answers after they end.
            ["Edge:MaxTtl"] = "00:00:00.300",
            ["Edge:MediaStaleWindow"] = "00:01:00",
        });
        var (stream, builder) = origin.Synthetic("doomed");
        var source = new Sportall.Packager.Tests.Delivery.FakeSegmentSource();
        stream.Source = source;
        var snapshot = builder.AddSegments(1).AddParts(1).Build();
        source.AddFrom(snapshot);
        stream.Publish(snapshot);
        var segment = await edge.Http.GetByteArrayAsync("live/doomed/video/seg-0.m4s");
        var playlist = await edge.Http.GetStringAsync("live/doomed/video/index.m3u8");
        var playlistFetched = Stopwatch.StartNew();

        await origin.StopAsync();

        // Within its target duration (2 s) the last playlist still answers, marked as not fresh.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await edge.Http.GetAsync("live/doomed/video/index.m3u8");
            return response.StatusCode == HttpStatusCode.OK && response.Headers.CacheControl?.NoCache == true
                && await response.Content.ReadAsStringAsync() == playlist;
        }, TimeSpan.FromSeconds(1.5), "the stale playlist");
        Assert.True(playlistFetched.Elapsed < TimeSpan.FromSeconds(2));

        // Segments are immutable: they answer for as long as the media stale window.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await edge.Http.GetAsync("live/doomed/video/seg-0.m4s");
            return response.StatusCode == HttpStatusCode.OK && response.Headers.CacheControl?.NoCache == true
                && (await response.Content.ReadAsByteArrayAsync()).AsSpan().SequenceEqual(segment);
        }, TimeSpan.FromSeconds(5), "the stale segment");

        // Media never fetched has no copy: 502 with the reason.
        using (var never = await edge.Http.GetAsync("live/doomed/audio/seg-0.m4s"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, never.StatusCode);
            Assert.Contains("origin unreachable", await never.Content.ReadAsStringAsync());
        }

        // Past one target duration the playlist is too old to stand in for the live one.
        string? error = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await edge.Http.GetAsync("live/doomed/video/index.m3u8");
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)
            {
                error = await response.Content.ReadAsStringAsync();
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(10), "502/504 once the playlist is too old");
        Assert.Contains("stale-if-error window", error);
    }

    [Fact]
    public async Task SignedPlaybackAcceptsValidTokensAndRefusesExpiredForgedAndWrongPathOnesWithCachingOn()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var edge = await EdgeNode.StartAsync("edge-signed", _cluster.Origin.BaseUri, _cluster.Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Edge:Signing:Required"] = "true",
            ["Edge:Signing:Keys:k1"] = secret,
        });
        var signer = new PlaybackTokenSigner(new Dictionary<string, string> { ["k1"] = secret });
        var now = DateTimeOffset.UtcNow;
        string valid = signer.Mint(new PlaybackToken("k1", "/live/signed/", now.AddHours(1), null));
        string another = signer.Mint(new PlaybackToken("k1", "/live/signed/", now.AddHours(2), "127.0.0.0/8"));
        string expired = signer.Mint(new PlaybackToken("k1", "/live/signed/", now.AddSeconds(-1), null));
        string wrongPath = signer.Mint(new PlaybackToken("k1", "/live/signed-other/", now.AddHours(1), null));
        string wrongClient = signer.Mint(new PlaybackToken("k1", "/live/signed/", now.AddHours(1), "10.0.0.0/8"));
        var otherKey = new PlaybackTokenSigner(new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        string forged = otherKey.Mint(new PlaybackToken("k1", "/live/signed/", now.AddHours(1), null));
        string tampered = valid[..^2] + (valid[^2] == 'A' ? 'B' : 'A') + valid[^1];

        var (stream, builder) = _cluster.Origin.Synthetic("signed");
        stream.Publish(builder.AddParts(2).Build());
        const string Part = "/live/signed/video/part-0.0.m4s";
        var expected = SnapshotBuilder.PartBytes("video", 0, 0);

        Assert.Equal(expected, await edge.Http.GetByteArrayAsync($"t/{valid}{Part}"));
        // Another viewer's token, the query form and the cookie form hit the same cache entry.
        Assert.Equal(expected, await edge.Http.GetByteArrayAsync($"t/{another}{Part}"));
        Assert.Equal(expected, await edge.Http.GetByteArrayAsync($"{Part[1..]}?token={another}"));
        using (var request = new HttpRequestMessage(HttpMethod.Get, Part[1..]))
        {
            request.Headers.Add("Cookie", "sportall_token=" + valid);
            using var response = await edge.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(1, _cluster.Origin.Requests.Count("edge-signed", Part));

        // The object is cached now: refusals must still happen.
        foreach (var (name, token) in new[] { ("expired", expired), ("wrong path", wrongPath), ("wrong client", wrongClient), ("forged", forged), ("tampered", tampered), ("garbage", "not-a-token") })
        {
            using var byPath = await edge.Http.GetAsync($"t/{token}{Part}");
            Assert.True(byPath.StatusCode == HttpStatusCode.Forbidden, $"{name} (path form): {byPath.StatusCode}");
            using var byQuery = await edge.Http.GetAsync($"{Part[1..]}?token={Uri.EscapeDataString(token)}");
            Assert.True(byQuery.StatusCode == HttpStatusCode.Forbidden, $"{name} (query form): {byQuery.StatusCode}");
        }
        using (var none = await edge.Http.GetAsync(Part[1..]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        }

        // A query token on the multivariant playlist moves into the path, which relative child URIs inherit.
        using (var entry = await edge.Http.GetAsync($"live/signed/index.m3u8?token={valid}"))
        {
            Assert.Equal(HttpStatusCode.Found, entry.StatusCode);
            Assert.Equal($"/t/{valid}/live/signed/index.m3u8", entry.Headers.Location?.OriginalString);
        }
        using (var multivariant = await edge.Http.GetAsync($"t/{valid}/live/signed/index.m3u8"))
        {
            Assert.Equal(HttpStatusCode.OK, multivariant.StatusCode);
            var child = (await multivariant.Content.ReadAsStringAsync()).Split('\n').First(l => l.EndsWith("/index.m3u8", StringComparison.Ordinal) && !l.StartsWith('#'));
            var childUri = new Uri(new Uri(edge.BaseUri, $"t/{valid}/live/signed/index.m3u8"), child);
            using var media = await edge.Http.GetAsync(childUri);
            Assert.Equal(HttpStatusCode.OK, media.StatusCode);
        }
        // Tokens never reach the origin.
        Assert.Equal(0, _cluster.Origin.Requests.Total("/live/signed/index.m3u8?token=" + valid));
    }

    [Fact]
    public async Task HlsJsInChromiumPlaysThroughAnEdge()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var push = MediaFixtures.Push(flv, $"rtmp://127.0.0.1:{_cluster.Origin.RtmpPort}/live/edgeplay", seconds: 90, loop: true);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await _cluster.EdgeA.Http.GetAsync("live/edgeplay/video/index.m3u8");
            return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("#EXT-X-PART:");
        }, TimeSpan.FromSeconds(30), "the LL-HLS playlist through the edge");

        var script = Path.Combine(LiveSpineTests.RepositoryRoot(), "tests", "browser", "play.mjs");
        var (exitCode, output) = await ExternalProcess.RunAsync("node",
            [script, new Uri(_cluster.EdgeA.BaseUri, "play/edgeplay").ToString(), "3", "40"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"the browser driver failed:\n{output}");
        var line = output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using var result = JsonDocument.Parse(line);
        Assert.True(result.RootElement.GetProperty("ok").GetBoolean(), $"playback did not advance: {line}");
        // The media came through the edge: the origin saw edge-a's fetches of parts.
        Assert.Contains(_cluster.Origin.Requests.Snapshot(), r => r.Edge == "edge-a" && r.Url.Contains("/part-", StringComparison.Ordinal));
    }
}
