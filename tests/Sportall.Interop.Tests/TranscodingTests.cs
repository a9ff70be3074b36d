using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.MediaServer.Transcoding;

namespace Sportall.Interop.Tests;

/// <summary>
/// The ABR ladder end to end on the CPU path: ffmpeg pushes 640x360 with a 2 s GOP over RTMP, the server
/// transcodes two small rungs with FFmpeg and packages them next to the passthrough rendition.
/// </summary>
public class TranscodingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Transcoding:Enabled"] = "true",
        // Auto on purpose: the detection really runs here and must fall back to libx264 (the hardware
        // encoders are compiled into Debian's FFmpeg but fail on this machine).
        ["Transcoding:HardwareAcceleration"] = "Auto",
        ["Transcoding:Preset"] = "ultrafast",
        ["Transcoding:Rungs:0:Height"] = "240",
        ["Transcoding:Rungs:0:VideoBitrateKbps"] = "400",
        ["Transcoding:Rungs:1:Height"] = "180",
        ["Transcoding:Rungs:1:VideoBitrateKbps"] = "250",
        ["Transcoding:ThumbnailIntervalSeconds"] = "2",
        ["Transcoding:MinRestartDelayMs"] = "200",
    };

    [Fact]
    public async Task Ladder_is_listed_decodes_aligns_and_survives_a_killed_ffmpeg()
    {
        var file = await MediaFixtures.H264Aac360pFlvAsync();
        await using var server = await RunningServer.StartAsync(Settings());
        // Long enough to outlast the test on a loaded machine; disposing the push ends it.
        await using var push = MediaFixtures.Push(file, server.RtmpUrl("ladder"), seconds: 600, loop: true);

        // The multivariant playlist lists the passthrough and both rungs, with CODECS, BANDWIDTH and RESOLUTION.
        var multivariant = await Eventually.ReturnsAsync(async () =>
        {
            var text = await GetTextOrNullAsync(server, "live/ladder/index.m3u8");
            return text is not null && text.Contains("video_240p/index.m3u8") && text.Contains("video_180p/index.m3u8") ? text : null;
        }, Deadline, "the multivariant playlist listing the ladder");
        Assert.Matches(@"RESOLUTION=640x360[^\n]*\nvideo/index.m3u8", multivariant);
        Assert.Matches(@"BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS=""avc1\.[0-9A-F]{6},mp4a\.40\.2"",RESOLUTION=426x240[^\n]*AUDIO=""audio""\nvideo_240p/index.m3u8", multivariant);
        Assert.Matches(@"RESOLUTION=320x180[^\n]*\nvideo_180p/index.m3u8", multivariant);
        Assert.Single(Regex.Matches(multivariant, "#EXT-X-MEDIA:TYPE=AUDIO"));

        var service = server.Services.GetRequiredService<TranscodingService>();
        Assert.Equal(AccelerationPath.Cpu, service.Acceleration);
        var metrics = await server.Http.GetStringAsync("metrics");
        Assert.Contains("sportall_transcoder_acceleration{path=\"cpu\"} 1", metrics);

        // Three complete segments in every rendition, then: same tfdt per sequence number everywhere.
        string[] renditions = ["video", "video_240p", "video_180p"];
        await Eventually.TrueAsync(async () =>
        {
            foreach (var id in renditions)
            {
                if ((await CompleteSegmentsAsync(server, id)).Count < 3) return false;
            }
            return true;
        }, Deadline, "three segments in every rendition");
        await AssertAlignedAsync(server, renditions);

        // Each rendition decodes with ffprobe at its size.
        foreach (var (id, size) in new[] { ("video_240p", "426,240"), ("video_180p", "320,180") })
        {
            var (exit, output) = await ExternalProcess.RunAsync("ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0",
                 new Uri(server.BaseUri, $"live/ladder/{id}/index.m3u8").ToString()], TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, output);
            Assert.Contains($"h264,{size}", output);
        }

        // A poster is served.
        var poster = await Eventually.ReturnsAsync(async () =>
        {
            using var response = await server.Http.GetAsync("live/ladder/poster.jpg");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : null;
        }, Deadline, "a poster");
        Assert.Equal([0xFF, 0xD8], poster[..2]);

        // Kill FFmpeg: passthrough goes on without a discontinuity, the ladder comes back.
        var transcoder = Assert.Single(service.Transcoders);
        var process = transcoder.CurrentProcess!;
        var killedAtVideo = (await CompleteSegmentsAsync(server, "video")).Max();
        var killedAt240 = (await CompleteSegmentsAsync(server, "video_240p")).Max();
        process.Kill();
        await Eventually.TrueAsync(async () =>
            transcoder.Starts >= 2 && (await CompleteSegmentsAsync(server, "video_240p")).Max() >= killedAt240 + 2,
            Deadline, $"the ladder back after the kill (segment {killedAt240} at the kill)");
        var video = await CompleteSegmentsAsync(server, "video");
        Assert.True(video.Max() >= killedAtVideo + 2, "passthrough went on");
        // No gap in passthrough: consecutive sequence numbers across the kill, one period.
        for (var i = 1; i < video.Count; i++) Assert.Equal(video[i - 1] + 1, video[i]);
        var videoPlaylist = await server.Http.GetStringAsync("live/ladder/video/index.m3u8");
        Assert.DoesNotContain("#EXT-X-DISCONTINUITY\n", videoPlaylist);
        // The rendition lists every media sequence number: what it missed while FFmpeg was down as gaps.
        var renditionPlaylist = await server.Http.GetStringAsync("live/ladder/video_240p/index.m3u8");
        var listed = Regex.Matches(renditionPlaylist, @"^seg-(\d+)\.m4s$", RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        for (var i = 1; i < listed.Count; i++) Assert.Equal(listed[i - 1] + 1, listed[i]);
        await AssertAlignedAsync(server, renditions);
    }

    private static async Task<string?> GetTextOrNullAsync(RunningServer server, string path)
    {
        using var response = await server.Http.GetAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }

    private static async Task<List<long>> CompleteSegmentsAsync(RunningServer server, string trackId)
    {
        var text = await GetTextOrNullAsync(server, $"live/ladder/{trackId}/index.m3u8");
        if (text is null) return [];
        // Gap entries (#EXT-X-GAP before their EXTINF) name segments that do not exist.
        return [.. Regex.Matches(text, @"^(#EXT-X-GAP\n)?#EXTINF:[^\n]*\nseg-(\d+)\.m4s$", RegexOptions.Multiline)
            .Where(m => !m.Groups[1].Success).Select(m => long.Parse(m.Groups[2].Value))];
    }

    /// <summary>Every sequence number listed by all renditions has the same tfdt (and the same timescale) in each.</summary>
    private static async Task AssertAlignedAsync(RunningServer server, string[] renditions)
    {
        var lists = new Dictionary<string, List<long>>();
        foreach (var id in renditions) lists[id] = await CompleteSegmentsAsync(server, id);
        var common = lists.Values.Skip(1).Aggregate(new HashSet<long>(lists[renditions[0]]), (set, list) => { set.IntersectWith(list); return set; });
        Assert.True(common.Count >= 2, $"sequences common to all renditions: {common.Count}");
        foreach (var sequence in common.Order())
        {
            var times = new List<ulong>();
            foreach (var id in renditions)
            {
                var bytes = await server.Http.GetByteArrayAsync($"live/ladder/{id}/seg-{sequence}.m4s");
                times.Add(Tfdt(bytes));
            }
            Assert.True(times.Distinct().Count() == 1, $"segment {sequence}: tfdt {string.Join(", ", renditions.Zip(times, (id, t) => $"{id}={t}"))}");
        }
    }

    /// <summary>baseMediaDecodeTime of the first moof/traf/tfdt (ISO/IEC 14496-12 §8.8.12).</summary>
    private static ulong Tfdt(byte[] segment)
    {
        var at = 0;
        while (at + 8 <= segment.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(segment.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(segment, at + 4, 4);
            if (type is "moof" or "traf")
            {
                at += 8;
                continue;
            }
            if (type == "tfdt")
            {
                var version = segment[at + 8];
                return version == 1 ? BinaryPrimitives.ReadUInt64BigEndian(segment.AsSpan(at + 12)) : BinaryPrimitives.ReadUInt32BigEndian(segment.AsSpan(at + 12));
            }
            at += size;
        }
        throw new InvalidDataException("no tfdt");
    }
}
