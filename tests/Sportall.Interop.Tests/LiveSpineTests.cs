using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sportall.Interop.Tests.Infrastructure;

namespace Sportall.Interop.Tests;

/// <summary>ffmpeg pushes RTMP into the all-in-one host; ffprobe/ffmpeg read HLS and DASH back.</summary>
public sealed partial class LiveSpineTests
{
    private static readonly TimeSpan s_playlistDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PushedRtmpComesBackAsHlsAndDashWithBothTracksAndTheWholeDuration()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "1" });
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl("spine"));

        await WaitForPlaylistAsync(server, "live/spine/index.m3u8", text => text.Contains("#EXT-X-STREAM-INF"));
        Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await WaitForPlaylistAsync(server, "live/spine/video/index.m3u8", text => text.Contains("#EXT-X-ENDLIST"));

        foreach (var manifest in new[] { "live/spine/index.m3u8", "live/spine/index.mpd" })
        {
            var url = new Uri(server.BaseUri, manifest).ToString();
            var probe = await ProbeAsync(url);
            var streams = probe.GetProperty("streams").EnumerateArray().ToList();
            var video = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "video");
            var audio = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "audio");
            Assert.Equal("h264", video.GetProperty("codec_name").GetString());
            Assert.Equal(320, video.GetProperty("width").GetInt32());
            Assert.Equal(240, video.GetProperty("height").GetInt32());
            Assert.Equal("aac", audio.GetProperty("codec_name").GetString());
            Assert.Equal(48000, int.Parse(audio.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture));

            // Every pushed frame is packaged: decode the whole presentation and count video frames.
            var (exitCode, output) = await ExternalProcess.RunAsync("ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", url],
                TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, $"{manifest}: ffprobe failed:\n{output}");
            var frames = int.Parse(output.Trim().Split('\n')[0].Trim(), CultureInfo.InvariantCulture);
            Assert.Equal((int)(MediaFixtures.DurationSeconds * MediaFixtures.FrameRate), frames);

            var (decodeExit, decodeErrors) = await ExternalProcess.RunAsync("ffmpeg",
                ["-v", "error", "-i", url, "-f", "null", "-"], TimeSpan.FromSeconds(60));
            Assert.True(decodeExit == 0 && decodeErrors.Trim().Length == 0, $"{manifest}: decoding reported errors:\n{decodeErrors}");
        }
    }

    [Fact]
    public async Task LowLatencyHlsPlaysInChromiumWithHlsJs()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync();
        // Chromium takes seconds to start on a busy machine: keep the stream live for as long as the test may need.
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl("browser"), seconds: 90, loop: true);
        await WaitForPlaylistAsync(server, "live/browser/video/index.m3u8", text => text.Contains("#EXT-X-PART:"));

        var script = Path.Combine(RepositoryRoot(), "tests", "browser", "play.mjs");
        var (exitCode, output) = await ExternalProcess.RunAsync("node",
            [script, new Uri(server.BaseUri, "play/browser").ToString(), "3", "40"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"the browser driver failed:\n{output}");
        var line = output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using var result = JsonDocument.Parse(line);
        Assert.True(result.RootElement.GetProperty("ok").GetBoolean(), $"playback did not advance: {line}");
        Assert.True(result.RootElement.GetProperty("lowLatencyMode").GetBoolean(), line);
    }

    [Fact]
    public async Task DynamicDashPlaysInChromiumWithDashJs()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync();
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl("dash"), seconds: 90, loop: true);
        await WaitForPlaylistAsync(server, "live/dash/index.mpd", text => text.Contains("<S "));

        var script = Path.Combine(RepositoryRoot(), "tests", "browser", "play.mjs");
        var (exitCode, output) = await ExternalProcess.RunAsync("node",
            [script, "--dash", new Uri(server.BaseUri, "live/dash/index.mpd").ToString(), "3", "40"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"the browser driver failed:\n{output}");
        var line = output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using var result = JsonDocument.Parse(line);
        Assert.True(result.RootElement.GetProperty("ok").GetBoolean(), $"playback did not advance: {line}");
        Assert.Empty(result.RootElement.GetProperty("pageErrors").EnumerateArray());
    }

    [Fact]
    public async Task BlockingPlaylistReloadFollowsRfc8216bisRules()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync();
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl("block"));
        const string playlist = "live/block/video/index.m3u8";
        var text = await WaitForPlaylistAsync(server, playlist, t => t.Contains("#EXT-X-PART:"));

        var (msn, part) = LastPart(text);
        var nextPart = $"{playlist}?_HLS_msn={msn}&_HLS_part={part + 1}";
        var started = DateTime.UtcNow;
        using (var response = await server.Http.GetAsync(nextPart))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            var (newMsn, newPart) = LastPart(body);
            Assert.True(newMsn > msn || newPart > part, $"blocking reload returned a playlist without the requested part:\n{body}");
        }

        // §6.2.5.2: _HLS_part without _HLS_msn is a Bad Request; so is an MSN more than two segments ahead.
        using (var response = await server.Http.GetAsync($"{playlist}?_HLS_part=1"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await server.Http.GetAsync($"{playlist}?_HLS_msn={msn + 10}"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task EncoderReconnectWithinGraceContinuesTheSamePlaylistsWithOneDiscontinuity()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "4" });

        await using (var first = MediaFixtures.Push(flv, server.RtmpUrl("again"), seconds: 5))
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var before = await WaitForPlaylistAsync(server, "live/again/video/index.m3u8", t => t.Contains("#EXTINF"));
        Assert.DoesNotContain("#EXT-X-ENDLIST", before);
        await using (var second = MediaFixtures.Push(flv, server.RtmpUrl("again"), seconds: 5))
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var final = await WaitForPlaylistAsync(server, "live/again/video/index.m3u8", t => t.Contains("#EXT-X-ENDLIST"));
        Assert.Single(Regex.Matches(final, "^#EXT-X-DISCONTINUITY$", RegexOptions.Multiline));
        // Segment numbers start at 1 (DASH's default startNumber) and the first one is still in the window.
        Assert.Equal(1, FirstMediaSequence(final));
        var mpd = await server.Http.GetStringAsync("live/again/index.mpd");
        Assert.Equal(2, Regex.Matches(mpd, "<Period ").Count);

        // One presentation of ~10 s whose timestamps never go back: ffmpeg decodes it without errors.
        var url = new Uri(server.BaseUri, "live/again/index.m3u8").ToString();
        var probe = await ProbeAsync(url);
        var duration = double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(duration, 9.0, 11.5);
        var (decodeExit, decodeErrors) = await ExternalProcess.RunAsync("ffmpeg", ["-v", "error", "-i", url, "-f", "null", "-"], TimeSpan.FromSeconds(60));
        Assert.True(decodeExit == 0, decodeErrors);
    }

    [Fact]
    public async Task BadInputOnTheRtmpPortNeverStopsALiveStream()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync();
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl("sturdy"));
        const string playlist = "live/sturdy/video/index.m3u8";
        var before = LastPart(await WaitForPlaylistAsync(server, playlist, t => t.Contains("#EXT-X-PART:")));

        byte[][] attacks =
        [
            Encoding.ASCII.GetBytes("GET /live/sturdy/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n"),
            [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03],
            [0x03, 1, 2, 3, 4, 5],                          // C0 then a truncated C1, then the peer hangs up
            Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 + 7)).ToArray(),
        ];
        foreach (var attack in attacks)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.RtmpPort);
            var stream = client.GetStream();
            await stream.WriteAsync(attack);
        }

        // The stream keeps producing parts after the attacks, and the encoder finishes cleanly.
        await WaitForPlaylistAsync(server, playlist, t => LastPart(t).Msn >= before.Msn + 2);
        var index = await server.Http.GetStringAsync("/streams");
        Assert.Contains("<td>sturdy</td><td>live</td><td>rtmp from 127.0.0.1:", index);
        Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    internal static async Task<string> WaitForPlaylistAsync(RunningServer server, string path, Func<string, bool> ready) =>
        await Eventually.ReturnsAsync(async () =>
        {
            using var response = await server.Http.GetAsync(path);
            if (!response.IsSuccessStatusCode) return null;
            var text = await response.Content.ReadAsStringAsync();
            return ready(text) ? text : null;
        }, s_playlistDeadline + TimeSpan.FromSeconds(MediaFixtures.DurationSeconds), $"{path} to be ready");

    private static async Task<JsonElement> ProbeAsync(string url)
    {
        var (exitCode, output) = await ExternalProcess.RunAsync("ffprobe",
            ["-v", "error", "-show_streams", "-show_format", "-of", "json", url], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"ffprobe {url} failed:\n{output}");
        var json = output[output.IndexOf('{')..];
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>The (media sequence number, part index) of the last EXT-X-PART of a media playlist.</summary>
    internal static (long Msn, int Part) LastPart(string playlist)
    {
        var match = PartUri().Matches(playlist).LastOrDefault();
        return match is null ? (-1, -1) : (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static long FirstMediaSequence(string playlist) =>
        long.Parse(MediaSequence().Match(playlist).Groups[1].Value, CultureInfo.InvariantCulture);

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Sportall.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Sportall.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"#EXT-X-PART:[^\n]*URI=""part-(\d+)\.(\d+)\.m4s""")]
    private static partial Regex PartUri();

    [GeneratedRegex(@"#EXT-X-MEDIA-SEQUENCE:(\d+)")]
    private static partial Regex MediaSequence();
}
