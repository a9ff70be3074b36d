using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.Packager.Recording;

namespace Sportall.Interop.Tests;

/// <summary>A clip cut from the DVR window of a stream that is still live, without re-encoding.</summary>
public sealed class DvrClipTests
{
    // The fixture's GOP, which is also the segment length (segments are cut at keyframes, target 2 s).
    private const double SegmentSeconds = (double)MediaFixtures.GopFrames / MediaFixtures.FrameRate;

    [Fact]
    public async Task A_keyframe_clip_of_a_live_dvr_window_is_a_faststart_mp4_of_the_span()
    {
        var flv = await MediaFixtures.H264AacFlvAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Packager:ReconnectGraceSeconds"] = "1",
            ["Recording:DvrWindowSeconds"] = "3600",
        });
        const string name = "dvrclip";
        const double start = 2, end = 5;
        await using var push = MediaFixtures.Push(flv, server.RtmpUrl(name), seconds: MediaFixtures.DurationSeconds);

        // Wait until the window covers the span: every segment of it is complete and recorded.
        var source = server.Services.GetRequiredService<DvrVodSource>();
        await Eventually.TrueAsync(async () =>
        {
            var window = await source.OpenAsync(DvrVodSource.AssetIdOf(name), CancellationToken.None);
            if (window is null) return false;
            var video = window.Tracks[0];
            // The window's times are the live's: zero at its first sample, where the clip's seconds count from.
            Assert.InRange((double)video.Segments[0].StartTicks / video.Info.Timescale, 0, SegmentSeconds);
            var last = video.Segments[^1];
            return (double)(last.StartTicks + last.DurationTicks) / video.Info.Timescale >= end;
        }, TimeSpan.FromSeconds(40), "the DVR window to reach the end of the clip");

        var jsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        using var posted = await server.Http.PostAsJsonAsync("api/clips", new { assetId = DvrVodSource.AssetIdOf(name), startSeconds = start, endSeconds = end, mode = "keyframe" });
        Assert.False(push.HasExited, "the clip was requested after the live ended");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using var accepted = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var clipId = accepted.RootElement.GetProperty("clipId").GetString()!;

        var ready = await Eventually.ReturnsAsync(async () =>
        {
            var status = JsonDocument.Parse(await server.Http.GetStringAsync($"api/clips/{clipId}"));
            var state = status.RootElement.GetProperty("state").GetString();
            Assert.NotEqual("failed", state, StringComparer.OrdinalIgnoreCase);
            return string.Equals(state, "ready", StringComparison.OrdinalIgnoreCase) ? status : null;
        }, TimeSpan.FromSeconds(60), $"clip {clipId}");
        var downloadUrl = ready.RootElement.GetProperty("downloadUrl").GetString()!;
        ready.Dispose();

        var folder = Directory.CreateTempSubdirectory("sportall-dvr-clip-").FullName;
        try
        {
            var path = Path.Combine(folder, "clip.mp4");
            await File.WriteAllBytesAsync(path, await server.Http.GetByteArrayAsync(downloadUrl.TrimStart('/')));

            // Faststart: the moov box comes before the mdat box at the top level.
            var boxes = TopLevelBoxes(await File.ReadAllBytesAsync(path));
            Assert.Contains("moov", boxes);
            Assert.Contains("mdat", boxes);
            Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), string.Join(",", boxes));

            var (code, output) = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", path], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, output);
            using var probe = JsonDocument.Parse(output[output.IndexOf('{')..]);
            var streams = probe.RootElement.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_type").GetString()).ToList();
            Assert.Contains("video", streams);
            Assert.Contains("audio", streams);
            var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
            // Keyframe mode takes whole segments: at most one segment more or less than asked.
            Assert.InRange(duration, end - start - SegmentSeconds, end - start + SegmentSeconds);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The types of the top-level ISO BMFF boxes (ISO/IEC 14496-12 §4.2: 32-bit size, type, 64-bit size when size is 1).</summary>
    private static List<string> TopLevelBoxes(byte[] file)
    {
        var types = new List<string>();
        long offset = 0;
        while (offset + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)offset));
            types.Add(System.Text.Encoding.ASCII.GetString(file, (int)offset + 4, 4));
            if (size == 1) size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)offset + 8));
            else if (size == 0) size = file.Length - offset;
            if (size < 8) break;
            offset += size;
        }
        return types;
    }
}
