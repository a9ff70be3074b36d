using System.Globalization;
using System.Net;
using Sportall.Interop.Tests.Infrastructure;

namespace Sportall.Interop.Tests;

/// <summary>ffmpeg pushes MPEG-TS over SRT; the same packager serves it exactly like an RTMP stream.</summary>
public sealed class SrtIngestTests
{
    private const double PushSeconds = 6;

    // ffmpeg's -t with stream copy stops on packet timestamps, a frame or two past the limit with B-frames.
    private const int MaxFrames = (int)(PushSeconds * MediaFixtures.FrameRate) + 3;

    [Fact]
    public async Task EveryStreamIdFormPlaysBackBesideAnRtmpPushAndADuplicateIsRefused()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "1" });

        // Three SRT publishers (one per stream id form) and one RTMP publisher, all at once.
        var publishers = new (string Name, ExternalProcess Push)[]
        {
            ("acl", MediaFixtures.Push(flv, server.SrtUrl("#!::r=live/acl,m=publish"), PushSeconds)),
            ("prefixed", MediaFixtures.Push(flv, server.SrtUrl("publish:live/prefixed"), PushSeconds)),
            ("plain", MediaFixtures.Push(flv, server.SrtUrl("live/plain"), PushSeconds)),
            ("viartmp", MediaFixtures.Push(flv, server.RtmpUrl("viartmp"), PushSeconds)),
        };
        try
        {
            await LiveSpineTests.WaitForPlaylistAsync(server, "live/viartmp/video/index.m3u8", t => t.Contains("#EXT-X-PART:"));

            // A second publisher on a name that is live over RTMP is refused over SRT (1409 conflict)...
            await using (var duplicate = MediaFixtures.Push(flv, server.SrtUrl("#!::r=live/viartmp,m=publish"), PushSeconds))
            {
                Assert.NotEqual(0, await duplicate.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            }
            // ...and so is playback over SRT.
            await using (var reader = ExternalProcess.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", server.SrtUrl("#!::r=live/acl,m=request"), "-t", "1", "-f", "null", "-"]))
            {
                Assert.NotEqual(0, await reader.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            }

            foreach (var (_, push) in publishers) Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            foreach (var (name, _) in publishers)
            {
                await LiveSpineTests.WaitForPlaylistAsync(server, $"live/{name}/video/index.m3u8", t => t.Contains("#EXT-X-ENDLIST"));
                foreach (var manifest in new[] { $"live/{name}/index.m3u8", $"live/{name}/index.mpd" })
                {
                    var frames = await CountDecodedVideoFramesAsync(server, manifest);
                    // SRT live mode may lose the last few hundred milliseconds when the caller hangs up.
                    Assert.InRange(frames, (int)((PushSeconds - 1) * MediaFixtures.FrameRate), MaxFrames);
                }
            }
        }
        finally
        {
            foreach (var (_, push) in publishers) await push.DisposeAsync();
        }
    }

    [Fact]
    public async Task HevcAndAacOverSrtComeBackAsHevc()
    {
        var ts = await MediaFixtures.HevcAacTsAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "1" });
        await using (var push = MediaFixtures.Push(ts, server.SrtUrl("#!::r=live/hevc,m=publish"), PushSeconds))
            Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await LiveSpineTests.WaitForPlaylistAsync(server, "live/hevc/video/index.m3u8", t => t.Contains("#EXT-X-ENDLIST"));

        var multivariant = await server.Http.GetStringAsync("live/hevc/index.m3u8");
        Assert.Contains("CODECS=\"hvc1.", multivariant);
        Assert.Contains("mp4a.40.2", multivariant);
        foreach (var manifest in new[] { "live/hevc/index.m3u8", "live/hevc/index.mpd" })
        {
            var frames = await CountDecodedVideoFramesAsync(server, manifest);
            Assert.InRange(frames, (int)((PushSeconds - 1) * MediaFixtures.FrameRate), MaxFrames);
        }
    }

    [Fact]
    public async Task RequiredKeysAndPassphrasesRefuseStrangersWhileALiveStreamPlaysOn()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ingest:SrtPassphrase"] = "correct-horse-battery",
        });
        await using var live = MediaFixtures.Push(flv, server.SrtUrl("#!::r=live/guarded,m=publish") + "&passphrase=correct-horse-battery", seconds: 60, loop: true);
        const string playlist = "live/guarded/video/index.m3u8";
        await LiveSpineTests.WaitForPlaylistAsync(server, playlist, t => t.Contains("#EXT-X-PART:"));
        var before = LiveSpineTests.LastPart(await server.Http.GetStringAsync(playlist));

        await using (var wrong = MediaFixtures.Push(flv, server.SrtUrl("#!::r=live/intruder,m=publish") + "&passphrase=wrong-horse-battery", PushSeconds))
            Assert.NotEqual(0, await wrong.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        using (var response = await server.Http.GetAsync("live/intruder/index.m3u8"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        await LiveSpineTests.WaitForPlaylistAsync(server, playlist, t => LiveSpineTests.LastPart(t).Msn >= before.Msn + 2);
        var metrics = await server.Http.GetStringAsync("metrics");
        Assert.Contains("sportall_srt_rejections_total{reason=\"bad_secret\"}", metrics);
    }

    [Fact]
    public async Task TwoPercentPacketLossStillYieldsACompletePlaylist()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "1" });
        await using var relay = new Sportall.MediaServer.Tests.Srt.LossyUdpRelay(new IPEndPoint(IPAddress.Loopback, server.SrtPort), 0.02);
        await using (var push = MediaFixtures.Push(flv, $"srt://127.0.0.1:{relay.Port}?streamid=live/lossy&pkt_size=1316", PushSeconds))
            Assert.Equal(0, await push.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(relay.Dropped > 0, "the relay dropped nothing: the test proves nothing");

        var playlist = await LiveSpineTests.WaitForPlaylistAsync(server, "live/lossy/video/index.m3u8", t => t.Contains("#EXT-X-ENDLIST"));
        var segments = System.Text.RegularExpressions.Regex.Matches(playlist, @"^seg-(\d+)\.m4s$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, segments.Count), segments);
        Assert.InRange(segments.Count, 3, 4);   // 6 s of 2 s GOPs
        var frames = await CountDecodedVideoFramesAsync(server, "live/lossy/index.m3u8");
        Assert.InRange(frames, (int)((PushSeconds - 1) * MediaFixtures.FrameRate), MaxFrames);
    }

    private static async Task<int> CountDecodedVideoFramesAsync(RunningServer server, string manifest)
    {
        var url = new Uri(server.BaseUri, manifest).ToString();
        var (exitCode, output) = await ExternalProcess.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", url],
            TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"{manifest}: ffprobe failed:\n{output}");
        return int.Parse(output.Trim().Split('\n')[0].Trim(), CultureInfo.InvariantCulture);
    }
}
