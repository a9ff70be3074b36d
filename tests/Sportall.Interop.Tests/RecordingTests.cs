using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.Packager.Recording;

namespace Sportall.Interop.Tests;

/// <summary>
/// A pushed live becomes a replay in the object store: ffprobe reads it back from /vod as HLS and DASH, with
/// both tracks and the pushed duration, through a store outage and across a restart.
/// </summary>
public sealed class RecordingTests
{
    // The packager's default segment target; the fixture's 2 s GOP makes every segment that long.
    private const double SegmentSeconds = 2;
    private static readonly TimeSpan s_replayDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PushedLiveBecomesAReplayWithBothTracksAndThePushedDuration()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "1" });
        const double pushed = 6;
        await using (var push = MediaFixtures.Push(flv, server.RtmpUrl("replayed"), seconds: pushed))
        {
            Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var replay = await WaitForReplayAsync(server, "replayed");
        Assert.Equal("replayed", replay.Name);
        Assert.InRange(replay.DurationSeconds, pushed - SegmentSeconds, pushed + SegmentSeconds);
        await AssertPlaysAsync(server, replay, pushed);

        // ffmpeg made a poster from the first keyframe when the recording closed.
        Assert.NotNull(replay.PosterUrl);
        using var poster = await server.Http.GetAsync(replay.PosterUrl!.TrimStart('/'));
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
        var jpeg = await poster.Content.ReadAsByteArrayAsync();
        Assert.True(jpeg.Length > 100 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "the poster is not a JPEG");

        // The OpenAPI document describes the endpoint the list came from.
        using var openApi = JsonDocument.Parse(await server.Http.GetStringAsync("openapi/media.json"));
        Assert.True(openApi.RootElement.GetProperty("paths").TryGetProperty("/api/replays", out _));
        using var missingName = await server.Http.GetAsync("api/replays");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missingName.StatusCode);
    }

    [Fact]
    public async Task AReconnectWithinTheGracePeriodStaysOneReplay()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "3" });
        const double session = 4;
        for (var i = 0; i < 2; i++)
        {
            await using var push = MediaFixtures.Push(flv, server.RtmpUrl("reconnected"), seconds: session);
            Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var replay = await WaitForReplayAsync(server, "reconnected");
        // Both sessions, one after the other on one timeline.
        Assert.InRange(replay.DurationSeconds, 2 * session - SegmentSeconds, 2 * session + SegmentSeconds);
        // The second session's first frames overlap the first session's last ones by the B-frame delay
        // (live playback marks the seam with EXT-X-DISCONTINUITY; the VOD seam has no such marker yet), which
        // ffmpeg's null muxer reports as non-monotonic DTS: decode, but do not require a silent log.
        await AssertPlaysAsync(server, replay, 2 * session, silentDecode: false);
        // Every frame of both sessions, none twice: what `-t 4 -c copy` sends (B-frames make it a few more than 4 s × 25).
        var cut = Path.Combine(Path.GetTempPath(), "sportall-fixtures", $"cut-{Guid.NewGuid():N}.flv");
        var (cutExit, cutOutput) = await ExternalProcess.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", flv, "-t", session.ToString(CultureInfo.InvariantCulture), "-c", "copy", cut], TimeSpan.FromSeconds(60));
        Assert.True(cutExit == 0, cutOutput);
        var pushedFrames = await CountVideoFramesAsync(cut);
        File.Delete(cut);
        Assert.Equal(2 * pushedFrames, await CountVideoFramesAsync(new Uri(server.BaseUri, replay.HlsUrl).ToString()));
        var replays = await server.Http.GetFromJsonAsync<List<ReplayEntry>>("api/replays?name=reconnected", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Single(replays!);
    }

    [Fact]
    public async Task ReplayIsCompleteWhenTheStoreWentDownMidStream()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var s3 = await S3rverProcess.StartAsync();
        var settings = s3.StorageSettings("outage");
        settings["Packager:ReconnectGraceSeconds"] = "1";
        settings["Recording:RetryInitialMs"] = "100";
        settings["Recording:RetryMaxMs"] = "1000";
        await using var server = await RunningServer.StartAsync(settings);
        var recording = server.Services.GetRequiredService<RecordingService>();

        const double pushed = 10;
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl("outage"), seconds: pushed);
        await WaitForTextAsync(server, "live/outage/video/index.m3u8", text => text.Contains("#EXTINF"));
        s3.Stop();
        // The store is gone: segments keep coming and wait in the spool (video, audio and their inits).
        await Eventually.TrueAsync(() => Task.FromResult(recording.PendingUploads >= 4 || push.HasExited), TimeSpan.FromSeconds(30), "segments to queue up during the outage");
        Assert.False(push.HasExited, "the push ended before the outage was observed");
        await s3.StartAgainAsync();
        Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var replay = await WaitForReplayAsync(server, "outage");
        Assert.InRange(replay.DurationSeconds, pushed - SegmentSeconds, pushed + SegmentSeconds);
        await AssertPlaysAsync(server, replay, pushed);
    }

    [Fact]
    public async Task ServerStoppedMidStreamClosesTheRecordingAtItsNextStart()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        var dataPath = Directory.CreateTempSubdirectory("sportall-restart-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Packager:DataPath"] = dataPath };
            double liveSeconds;
            await using (var first = await RunningServer.StartAsync(settings))
            {
                await using var push = MediaFixtures.Push(flv, first.RtmpUrl("restarted"), seconds: 30, loop: true);
                var playlist = await WaitForTextAsync(first, "live/restarted/video/index.m3u8", text => CountSegments(text) >= 3);
                liveSeconds = SumExtinf(playlist);
                // The server goes away with the live still running: no stream end, no grace period.
            }
            Assert.True(Directory.EnumerateDirectories(Path.Combine(dataPath, "recording-spool")).Any(), "the unfinished recording left no spool folder");

            await using var second = await RunningServer.StartAsync(settings);
            var replay = await WaitForReplayAsync(second, "restarted");
            // Everything that was complete before the stop is in the replay.
            Assert.True(replay.DurationSeconds >= liveSeconds, $"the replay has {replay.DurationSeconds} s; {liveSeconds} s were complete before the stop");
            await AssertPlaysAsync(second, replay, replay.DurationSeconds);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task ServerKilledMidStreamKeepsEverySpooledSegmentInTheReplay()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        var dataPath = Directory.CreateTempSubdirectory("sportall-kill-").FullName;
        try
        {
            await using (var doomed = await MediaServerProcess.StartAsync(dataPath))
            {
                await using var push = MediaFixtures.Push(flv, doomed.RtmpUrl("killed"), seconds: 30, loop: true);
                // Three video segments are whole on disk (journalled) before the kill.
                await Eventually.TrueAsync(() => Task.FromResult(JournalledVideoSegments(dataPath) >= 3), TimeSpan.FromSeconds(40), "three spooled video segments");
                await doomed.KillAsync();
            }
            // What the dead process left whole on disk is exactly what the replay must hold.
            var journalled = JournalledVideoSegments(dataPath);

            await using var restarted = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:DataPath"] = dataPath });
            var replay = await WaitForReplayAsync(restarted, "killed");
            var playlist = await restarted.Http.GetStringAsync($"vod/{replay.AssetId}/video/index.m3u8");
            Assert.Equal(journalled, CountSegments(playlist));
            await AssertPlaysAsync(restarted, replay, replay.DurationSeconds);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task DvrWindowOutlastsTheLiveWindowAndIsServedFromTheRecording()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Packager:ReconnectGraceSeconds"] = "1",
            ["Packager:LiveWindowSeconds"] = "4",
            ["Recording:DvrWindowSeconds"] = "3600",
        });
        const double pushed = 10;
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl("dvr"), seconds: pushed);

        var dvrPlaylist = await WaitForTextAsync(server, "dvr/dvr/video/index.m3u8", text => CountSegments(text) >= 4);
        var livePlaylist = await server.Http.GetStringAsync("live/dvr/video/index.m3u8");
        Assert.True(CountSegments(dvrPlaylist) > CountSegments(livePlaylist), $"DVR:\n{dvrPlaylist}\nlive:\n{livePlaylist}");
        Assert.DoesNotContain("#EXT-X-ENDLIST", dvrPlaylist);
        var liveMpd = await server.Http.GetStringAsync("dvr/dvr/index.mpd");
        Assert.Contains("type=\"dynamic\"", liveMpd);
        Assert.Contains("timeShiftBufferDepth=\"PT3600S\"", liveMpd);

        Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await WaitForTextAsync(server, "dvr/dvr/video/index.m3u8", text => text.Contains("#EXT-X-ENDLIST"));
        // The start of the event left the live window long ago: the DVR still plays all of it.
        await AssertPlaysAsync(server, new ReplayEntry("dvr", "dvr", default, pushed, "/dvr/dvr/index.m3u8", "/dvr/dvr/index.mpd"), pushed);
    }

    private static int JournalledVideoSegments(string dataPath)
    {
        var spool = Path.Combine(dataPath, "recording-spool");
        if (!Directory.Exists(spool)) return 0;
        var count = 0;
        foreach (var journal in Directory.EnumerateFiles(spool, RecordingKeys.JournalFileName, SearchOption.AllDirectories))
        {
            using var file = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(file);
            while (reader.ReadLine() is { } line)
            {
                // Whole lines only: a line is whole once it ends in '}'.
                if (line.EndsWith('}') && line.Contains("\"kind\":\"segment\"") && line.Contains("\"trackId\":\"video\"")) count++;
            }
        }
        return count;
    }

    private static async Task<ReplayEntry> WaitForReplayAsync(RunningServer server, string name) =>
        await Eventually.ReturnsAsync(async () =>
        {
            var replays = await server.Http.GetFromJsonAsync<List<ReplayEntry>>($"api/replays?name={Uri.EscapeDataString(name)}", new JsonSerializerOptions(JsonSerializerDefaults.Web));
            return replays is { Count: > 0 } ? replays[0] : null;
        }, s_replayDeadline, $"the replay of '{name}'");

    /// <summary>ffprobe reads the replay's HLS and DASH: both tracks, and the duration within one segment of <paramref name="expectedSeconds"/>.</summary>
    private static async Task AssertPlaysAsync(RunningServer server, ReplayEntry replay, double expectedSeconds, bool silentDecode = true)
    {
        foreach (var manifest in new[] { replay.HlsUrl, replay.DashUrl })
        {
            var url = new Uri(server.BaseUri, manifest).ToString();
            var (exitCode, output) = await ExternalProcess.RunAsync("ffprobe",
                ["-v", "error", "-show_streams", "-show_format", "-of", "json", url], TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, $"ffprobe {url} failed:\n{output}");
            using var probe = JsonDocument.Parse(output[output.IndexOf('{')..]);
            var streams = probe.RootElement.GetProperty("streams").EnumerateArray().ToList();
            Assert.Contains(streams, s => s.GetProperty("codec_type").GetString() == "video" && s.GetProperty("codec_name").GetString() == "h264");
            Assert.Contains(streams, s => s.GetProperty("codec_type").GetString() == "audio" && s.GetProperty("codec_name").GetString() == "aac");
            var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(duration, expectedSeconds - SegmentSeconds, expectedSeconds + SegmentSeconds);

            var (decodeExit, decodeErrors) = await ExternalProcess.RunAsync("ffmpeg", ["-v", "error", "-i", url, "-f", "null", "-"], TimeSpan.FromSeconds(60));
            Assert.True(decodeExit == 0 && (!silentDecode || decodeErrors.Trim().Length == 0), $"{manifest}: decoding reported errors:\n{decodeErrors}");
        }
    }

    private static async Task<int> CountVideoFramesAsync(string input)
    {
        var (exitCode, output) = await ExternalProcess.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", input], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, output);
        return int.Parse(output.Trim().Split('\n')[0].Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> WaitForTextAsync(RunningServer server, string path, Func<string, bool> ready) =>
        await Eventually.ReturnsAsync(async () =>
        {
            using var response = await server.Http.GetAsync(path);
            if (!response.IsSuccessStatusCode) return null;
            var text = await response.Content.ReadAsStringAsync();
            return ready(text) ? text : null;
        }, TimeSpan.FromSeconds(40), $"{path} to be ready");

    private static int CountSegments(string playlist) => playlist.Split('\n').Count(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal));

    private static double SumExtinf(string playlist) => playlist.Split('\n')
        .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
        .Sum(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture));
}
