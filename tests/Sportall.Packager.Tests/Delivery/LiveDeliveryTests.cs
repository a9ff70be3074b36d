using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus;
using Sportall.Packager.Tests.Hls;

namespace Sportall.Packager.Tests.Delivery;

public sealed class LiveDeliveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static async Task<string> BodyOf(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    private static string? CacheControl(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Cache-Control", out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task Multivariant_playlist_is_served_with_its_type_cache_and_cors_headers()
    {
        await using var server = await DeliveryServer.StartAsync();
        var snapshot = HlsScenarios.Live();
        server.AddStream("match", snapshot);

        using var response = await server.Client.GetAsync("/live/match/index.m3u8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=2", CacheControl(response));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Content-Range", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
        Assert.Equal(HlsScenarios.Multivariant(snapshot), await BodyOf(response));
    }

    [Fact]
    public async Task Media_playlist_is_rendered_once_and_cached_shortly()
    {
        await using var server = await DeliveryServer.StartAsync();
        var snapshot = HlsScenarios.Live();
        server.AddStream("match", snapshot);

        using var first = await server.Client.GetAsync("/live/match/video/index.m3u8");
        using var delta = await server.Client.GetAsync("/live/match/video/index.m3u8?_HLS_skip=YES");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, max-age=1", CacheControl(first));
        Assert.Equal(HlsScenarios.Media(snapshot, "video"), await BodyOf(first));
        Assert.Equal(HlsScenarios.Media(snapshot, "video", deltaUpdate: true), await BodyOf(delta));
    }

    [Fact]
    public async Task Blocking_reload_returns_once_the_requested_part_is_published()
    {
        await using var server = await DeliveryServer.StartAsync();
        var builder = new SnapshotBuilder(firstMsn: 100, startSeconds: 200).AddSegments(8).AddParts(2);
        var (stream, source) = server.AddStream("match", builder.Build());

        // Part 2 of segment 108 is the preload hint: not published yet.
        var pending = server.Client.GetAsync("/live/match/video/index.m3u8?_HLS_msn=108&_HLS_part=2");
        await server.WaitingRequestArrived.WaitAsync(Deadline);
        Assert.False(pending.IsCompleted);

        var next = builder.AddParts(1).Build();
        source.AddFrom(next);
        stream.Publish(next);

        using var response = await pending.WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body = await BodyOf(response);
        Assert.Contains("URI=\"part-108.2.m4s\"", body);
        Assert.Contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-108.3.m4s\"", body);
        // Blocking responses are unique per msn/part: cacheable for a few target durations.
        Assert.Equal("public, max-age=6", CacheControl(response));
    }

    [Fact]
    public async Task Blocking_reload_for_the_next_segment_waits_for_its_completion()
    {
        await using var server = await DeliveryServer.StartAsync();
        var builder = new SnapshotBuilder(firstMsn: 100, startSeconds: 200).AddSegments(8).AddParts(2);
        var (stream, source) = server.AddStream("match", builder.Build());

        var pending = server.Client.GetAsync("/live/match/audio/index.m3u8?_HLS_msn=108");
        await server.WaitingRequestArrived.WaitAsync(Deadline);

        // More parts of 108 do not satisfy _HLS_msn=108 without _HLS_part; its completion does.
        var morePartsOnly = builder.AddParts(1).Build();
        source.AddFrom(morePartsOnly);
        stream.Publish(morePartsOnly);
        var complete = builder.AddParts(1).CompleteInProgress().Build();
        source.AddFrom(complete);
        stream.Publish(complete);

        using var response = await pending.WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("seg-108.m4s", await BodyOf(response));
    }

    [Fact]
    public async Task Already_satisfied_blocking_reload_answers_at_once()
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync("/live/match/video/index.m3u8?_HLS_msn=108&_HLS_part=1").WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("_HLS_part=2")]                 // part without msn: MUST be 400
    [InlineData("_HLS_msn=111")]                // last listed is 108: more than two segments ahead
    [InlineData("_HLS_msn=abc")]
    [InlineData("_HLS_msn=-1")]
    [InlineData("_HLS_msn=108&_HLS_part=x")]
    public async Task Invalid_blocking_reload_is_bad_request(string query)
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync("/live/match/video/index.m3u8?" + query).WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Two_segments_ahead_is_still_accepted()
    {
        await using var server = await DeliveryServer.StartAsync(o => o.BlockingReloadTimeout = TimeSpan.FromMilliseconds(100));
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync("/live/match/video/index.m3u8?_HLS_msn=110").WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Unsatisfied_blocking_reload_times_out_with_503()
    {
        await using var server = await DeliveryServer.StartAsync(o => o.BlockingReloadTimeout = TimeSpan.FromMilliseconds(200));
        server.AddStream("match", HlsScenarios.Live());

        using var response = await server.Client.GetAsync("/live/match/video/index.m3u8?_HLS_msn=109").WaitAsync(Deadline);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no-store", CacheControl(response));
    }

    [Fact]
    public async Task Ended_stream_answers_a_blocking_reload_with_the_final_playlist()
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Ended());

        using var response = await server.Client.GetAsync("/live/match/video/index.m3u8?_HLS_msn=40&_HLS_part=0").WaitAsync(Deadline);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("#EXT-X-ENDLIST\n", await BodyOf(response));
    }

    [Fact]
    public async Task Ending_the_stream_releases_a_waiting_blocking_reload()
    {
        await using var server = await DeliveryServer.StartAsync();
        var builder = new SnapshotBuilder().AddSegments(2).AddParts(1);
        var (stream, _) = server.AddStream("match", builder.Build());

        var pending = server.Client.GetAsync("/live/match/video/index.m3u8?_HLS_msn=3");
        await server.WaitingRequestArrived.WaitAsync(Deadline);
        stream.Publish(builder.CompleteInProgress().Build(ended: true));

        using var response = await pending.WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=60", CacheControl(response));
        Assert.EndsWith("#EXT-X-ENDLIST\n", await BodyOf(response));
    }

    [Fact]
    public async Task Preload_hinted_part_is_served_once_published()
    {
        await using var server = await DeliveryServer.StartAsync();
        var builder = new SnapshotBuilder(firstMsn: 100, startSeconds: 200).AddSegments(8).AddParts(2);
        var (stream, source) = server.AddStream("match", builder.Build());

        var pending = server.Client.GetAsync("/live/match/video/part-108.2.m4s");
        await server.WaitingRequestArrived.WaitAsync(Deadline);
        Assert.False(pending.IsCompleted);

        var next = builder.AddParts(1).Build();
        source.AddFrom(next);
        stream.Publish(next);

        using var response = await pending.WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SnapshotBuilder.PartBytes("video", 108, 2), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=31536000, immutable", CacheControl(response));
    }

    [Fact]
    public async Task Preload_hint_wait_is_bounded()
    {
        await using var server = await DeliveryServer.StartAsync(o => o.PreloadHintTimeout = TimeSpan.FromMilliseconds(150));
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync("/live/match/video/part-108.2.m4s").WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("max-age=0", CacheControl(response));
    }

    [Theory]
    [InlineData("/live/match/video/part-108.3.m4s")]   // not the hinted part: no wait
    [InlineData("/live/match/video/seg-108.m4s")]      // in progress
    [InlineData("/live/match/video/seg-5000.m4s")]
    [InlineData("/live/match/video/init-7.mp4")]
    [InlineData("/live/match/video/seg-+1.m4s")]
    [InlineData("/live/match/video/whatever.ts")]
    [InlineData("/live/other/index.m3u8")]
    [InlineData("/live/match/subtitles/index.m3u8")]
    public async Task Missing_media_is_404_with_a_short_cache(string path)
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync(path).WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("max-age=0", CacheControl(response));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("/live/match/video/init-0.mp4", "video/mp4")]
    [InlineData("/live/match/audio/init-0.mp4", "audio/mp4")]
    [InlineData("/live/match/video/seg-100.m4s", "video/mp4")]
    [InlineData("/live/match/audio/seg-107.m4s", "audio/mp4")]
    [InlineData("/live/match/video/part-108.0.m4s", "video/mp4")]
    public async Task Media_is_immutable_with_its_content_type(string path, string contentType)
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", CacheControl(response));
        Assert.True(response.Content.Headers.ContentLength > 0);
    }

    [Fact]
    public async Task Segment_bytes_are_its_parts_and_ranges_get_206()
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        byte[] expected = [.. Enumerable.Range(0, 4).SelectMany(p => SnapshotBuilder.PartBytes("video", 101, p))];

        using var full = await server.Client.GetAsync("/live/match/video/seg-101.m4s");
        Assert.Equal(expected, await full.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", full.Headers.AcceptRanges.Single());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/live/match/video/seg-101.m4s");
        request.Headers.Range = new RangeHeaderValue(5, 14);
        using var ranged = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal($"bytes 5-14/{expected.Length}", ranged.Content.Headers.ContentRange!.ToString());
        Assert.Equal(expected[5..15], await ranged.Content.ReadAsByteArrayAsync());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, "/live/match/video/seg-101.m4s");
        beyond.Headers.Range = new RangeHeaderValue(expected.Length + 10, null);
        using var unsatisfiable = await server.Client.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
    }

    [Fact]
    public async Task Segment_in_a_file_is_served_with_ranges()
    {
        await using var server = await DeliveryServer.StartAsync();
        var (_, source) = server.AddStream("match", HlsScenarios.Live());
        string path = Path.Combine(Path.GetTempPath(), $"sportall-seg-{Guid.NewGuid():N}.m4s");
        try
        {
            source.MoveToFile("audio", 100, path);
            byte[] expected = File.ReadAllBytes(path);

            using var full = await server.Client.GetAsync("/live/match/audio/seg-100.m4s");
            Assert.Equal(HttpStatusCode.OK, full.StatusCode);
            Assert.Equal("audio/mp4", full.Content.Headers.ContentType!.MediaType);
            Assert.Equal(expected, await full.Content.ReadAsByteArrayAsync());

            using var request = new HttpRequestMessage(HttpMethod.Get, "/live/match/audio/seg-100.m4s");
            request.Headers.Range = new RangeHeaderValue(null, 4);
            using var ranged = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
            Assert.Equal(expected[^4..], await ranged.Content.ReadAsByteArrayAsync());

            File.Delete(path); // evicted between lookup and send
            using var gone = await server.Client.GetAsync("/live/match/audio/seg-100.m4s");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("/live/match/video/seg-100.m4s")]
    [InlineData("/live/match/video/index.m3u8")]
    [InlineData("/live/match/index.mpd")]
    public async Task Head_has_headers_and_no_body(string path)
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        using var get = await server.Client.GetAsync(path);
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/live/match/video/seg-100.m4s")]
    [InlineData("/live/match/index.m3u8")]
    [InlineData("/time")]
    public async Task Preflight_allows_any_origin(string path)
    {
        await using var server = await DeliveryServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://portal.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "range");
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("Range", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Fact]
    public async Task Time_is_iso_8601_utc_with_milliseconds()
    {
        await using var server = await DeliveryServer.StartAsync();
        using var response = await server.Client.GetAsync("/time");
        string body = await BodyOf(response);

        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"), body);
        var time = DateTimeOffset.Parse(body, CultureInfo.InvariantCulture);
        Assert.True((DateTimeOffset.UtcNow - time).Duration() < TimeSpan.FromMinutes(1));
        Assert.Equal("no-store", CacheControl(response));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Mpd_points_utc_timing_at_this_server()
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync("/live/match/index.mpd");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dash+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=1", CacheControl(response));
        Assert.Contains($"value=\"{server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority)}/time\"", await BodyOf(response));
    }

    [Fact]
    public async Task Mpd_uses_the_configured_public_base_url()
    {
        await using var server = await DeliveryServer.StartAsync(o => o.PublicBaseUrl = "https://cdn.example/");
        server.AddStream("match", HlsScenarios.Live());
        using var response = await server.Client.GetAsync("/live/match/index.mpd");
        Assert.Contains("value=\"https://cdn.example/time\"", await BodyOf(response));
    }

    [Fact]
    public async Task Player_page_loads_hls_js_in_low_latency_mode()
    {
        await using var server = await DeliveryServer.StartAsync();
        using var response = await server.Client.GetAsync("/play/" + Uri.EscapeDataString("x\"><img>"));
        string html = await BodyOf(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script src=\"/lib/hls.js/hls.min.js\"></script>", html);
        Assert.Contains("lowLatencyMode: true", html);
        Assert.Contains("\"/live/\" + encodeURIComponent(name) + \"/index.m3u8\"", html);
        // The name reaches the script as a JSON string with HTML-sensitive characters escaped.
        Assert.DoesNotContain("<img>", html);
        Assert.Contains("const name = \"x\\u0022\\u003E\\u003Cimg\\u003E\";", html);
    }

    [Fact]
    public async Task Requests_are_counted_by_kind_and_status()
    {
        await using var server = await DeliveryServer.StartAsync();
        server.AddStream("match", HlsScenarios.Live());
        var counter = Metrics.CreateCounter("sportall_http_requests_total", "", new CounterConfiguration { LabelNames = ["kind", "status"] });
        double parts200 = counter.WithLabels("part", "200").Value;
        double segments404 = counter.WithLabels("segment", "404").Value;

        (await server.Client.GetAsync("/live/match/video/part-108.0.m4s")).Dispose();
        (await server.Client.GetAsync("/live/match/video/seg-9999.m4s")).Dispose();

        // Other tests run in parallel and count too: at least this test's requests are there.
        Assert.True(counter.WithLabels("part", "200").Value >= parts200 + 1);
        Assert.True(counter.WithLabels("segment", "404").Value >= segments404 + 1);
    }
}
