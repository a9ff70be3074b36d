using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.Media.Flv;
using Sportall.MediaServer.Hub;

namespace Sportall.Interop.Tests;

/// <summary>
/// A whole FLV file published into the hub at four times real time (no RTMP): the packager and delivery
/// must keep every frame, and ffprobe must read HLS and DASH back. (An unpaced burst would overflow the
/// packager's bounded queue by design: the hub drops for slow readers instead of blocking publishers.)
/// </summary>
public sealed class HubToPlayersTests
{
    [Fact]
    public async Task FlvPublishedAtFourTimesRealTimeIsPackagedWhole()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Packager:ReconnectGraceSeconds"] = "0" });
        var hub = server.Services.GetRequiredService<StreamHub>();

        Assert.True(hub.TryPublish("burst", "file", "test", out var source, out var reason), reason);
        var demuxer = new FlvMediaDemuxer(source);
        const double Speed = 4;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var reader = new FlvFileReader(File.OpenRead(flv)))
        {
            while (reader.TryReadTag(out var tag))
            {
                var ahead = TimeSpan.FromMilliseconds(tag.TimestampMs / Speed) - clock.Elapsed;
                if (ahead > TimeSpan.FromMilliseconds(5)) await Task.Delay(ahead);
                if (tag.Type == FlvTagType.Video) demuxer.OnVideoTag(tag.TimestampMs, tag.Body);
                else if (tag.Type == FlvTagType.Audio) demuxer.OnAudioTag(tag.TimestampMs, tag.Body);
            }
        }
        demuxer.Flush();
        source.Dispose();

        await Eventually.TrueAsync(async () =>
        {
            using var response = await server.Http.GetAsync("live/burst/video/index.m3u8");
            return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("#EXT-X-ENDLIST");
        }, TimeSpan.FromSeconds(20), "the ended playlist");

        foreach (var manifest in new[] { "live/burst/index.m3u8", "live/burst/index.mpd" })
        {
            var url = new Uri(server.BaseUri, manifest).ToString();
            var (exitCode, output) = await ExternalProcess.RunAsync("ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", url],
                TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, $"{manifest}: ffprobe failed:\n{output}");
            Assert.Equal((int)(MediaFixtures.DurationSeconds * MediaFixtures.FrameRate), int.Parse(output.Trim().Split('\n')[0], CultureInfo.InvariantCulture));
        }
    }
}
