using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.Packager.Vod;

namespace Sportall.Interop.Tests;

/// <summary>The all-in-one host takes an upload over HTTP and packages it just in time with every frame of the file.</summary>
public sealed class VodUploadTests
{
    [Fact]
    public async Task An_uploaded_mp4_is_packaged_just_in_time_with_every_frame()
    {
        var folder = Directory.CreateTempSubdirectory("sportall-vod-upload-").FullName;
        try
        {
            var source = Path.Combine(folder, "upload.mp4");
            var (code, output) = await ExternalProcess.RunAsync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "25",
                "-c:a", "aac", source], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, output);

            await using var server = await RunningServer.StartAsync();
            await using var file = File.OpenRead(source);
            using var response = await server.Http.PostAsync("/api/vod/uploads", new StreamContent(file));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var assetId = status.RootElement.GetProperty("assetId").GetString()!;
            Assert.Equal("Ready", status.RootElement.GetProperty("state").GetString());

            IVodPresentation? presentation = null;
            foreach (var s in server.Services.GetServices<IVodPresentationSource>())
            {
                presentation ??= await s.OpenAsync(assetId, CancellationToken.None);
            }
            Assert.NotNull(presentation);
            var video = presentation.Tracks[0];
            var jit = Path.Combine(folder, "jit-video.mp4");
            await using (var segments = File.Create(jit))
            {
                var writer = PipeWriter.Create(segments);
                await presentation.WriteInitSegmentAsync(video.Id, writer, CancellationToken.None);
                for (var i = 0; i < video.Segments.Length; i++) await presentation.WriteMediaSegmentAsync(video.Id, i, writer, CancellationToken.None);
                await writer.CompleteAsync();
            }
            var sourceFrames = await FramesAsync(source);
            Assert.Equal(sourceFrames, await FramesAsync(jit));

            // A player sees the same: HLS and DASH over HTTP carry both tracks, every frame and the source's duration.
            var (sourceDuration, _) = await ProbeAsync(source);
            foreach (var manifest in new[] { $"vod/{assetId}/index.m3u8", $"vod/{assetId}/index.mpd" })
            {
                var url = new Uri(server.BaseUri, manifest).ToString();
                var (duration, codecs) = await ProbeAsync(url);
                Assert.Contains("video:h264", codecs);
                Assert.Contains("audio:aac", codecs);
                // Within one frame (40 ms at 25 fps): the tracks' ends may differ by part of a frame.
                Assert.InRange(duration, sourceDuration - 0.04, sourceDuration + 0.04);
                Assert.Equal(sourceFrames, await FramesAsync(url));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The container duration and "type:codec" of every stream, as ffprobe reads them.</summary>
    private static async Task<(double Duration, List<string> Codecs)> ProbeAsync(string input)
    {
        var (code, output) = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", input], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"ffprobe {input} failed:\n{output}");
        using var probe = JsonDocument.Parse(output[output.IndexOf('{')..]);
        var codecs = probe.RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => $"{s.GetProperty("codec_type").GetString()}:{s.GetProperty("codec_name").GetString()}").ToList();
        var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        return (duration, codecs);
    }

    private static async Task<int> FramesAsync(string path)
    {
        var (code, output) = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
            "stream=nb_read_frames", "-of", "csv=p=0", path], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        // An HLS input lists the stream once per program: the first line is the count.
        return int.Parse(output.Trim().Split('\n')[0].Trim(), CultureInfo.InvariantCulture);
    }
}
