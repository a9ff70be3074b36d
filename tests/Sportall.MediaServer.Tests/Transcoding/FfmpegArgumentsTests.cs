using Sportall.MediaServer.Transcoding;

namespace Sportall.MediaServer.Tests.Transcoding;

public class FfmpegArgumentsTests
{
    private static readonly PlannedRendition[] Ladder = [new(854, 480, 1200, "main"), new(640, 360, 600, "main")];

    public static TheoryData<AccelerationPath, string, string> Graphs => new()
    {
        { AccelerationPath.Cpu, "[0:v]split=3[s0][s1][s2];[s0]scale=854:480[v0];[s1]scale=640:360[v1];[s2]fps=1/10,scale=-2:360[poster]", "libx264" },
        { AccelerationPath.NvidiaFull, "[0:v]split=3[s0][s1][s2];[s0]scale_cuda=854:480[v0];[s1]scale_cuda=640:360[v1];[s2]hwdownload,format=nv12,fps=1/10,scale=-2:360[poster]", "h264_nvenc" },
        { AccelerationPath.NvidiaDecodeOnly, "[0:v]split=3[s0][s1][s2];[s0]scale_cuda=854:480,hwdownload,format=nv12[v0];[s1]scale_cuda=640:360,hwdownload,format=nv12[v1];[s2]hwdownload,format=nv12,fps=1/10,scale=-2:360[poster]", "libx264" },
        { AccelerationPath.Qsv, "[0:v]split=3[s0][s1][s2];[s0]vpp_qsv=w=854:h=480[v0];[s1]vpp_qsv=w=640:h=360[v1];[s2]hwdownload,format=nv12,fps=1/10,scale=-2:360[poster]", "h264_qsv" },
        { AccelerationPath.Vaapi, "[0:v]split=3[s0][s1][s2];[s0]scale_vaapi=w=854:h=480[v0];[s1]scale_vaapi=w=640:h=360[v1];[s2]hwdownload,format=nv12,fps=1/10,scale=-2:360[poster]", "h264_vaapi" },
    };

    [Theory]
    [MemberData(nameof(Graphs))]
    public void One_decode_one_graph_one_output_per_rendition(AccelerationPath path, string graph, string encoder)
    {
        var args = FfmpegArguments.BuildLive(path, "veryfast", 720, Ladder, ["tcp://127.0.0.1:1", "tcp://127.0.0.1:2"], "/data/posters/s.jpg", 10);
        Assert.Equal(graph, args[args.IndexOf("-filter_complex") + 1]);
        Assert.Single(args, a => a == "-i");
        Assert.Equal("pipe:0", args[args.IndexOf("-i") + 1]);
        Assert.Equal(2, args.Count(a => a == encoder));
        Assert.Equal(2, args.Count(a => a == "mpegts"));
        Assert.Equal(2, args.Count(a => a == "source")); // -force_key_frames source per rendition
        Assert.Equal(2, args.Count(a => a == "passthrough"));
        Assert.Contains("-copyts", args);
        Assert.Equal("/data/posters/s.jpg", args[^1]);
        Assert.True(args.IndexOf("tcp://127.0.0.1:1") < args.IndexOf("tcp://127.0.0.1:2"));
        // No B-frames: renditions take the source's decode timestamps in presentation order.
        Assert.Equal(2, args.Select((a, i) => (a, i)).Count(x => x.a == "-bf" && args[x.i + 1] == "0"));
    }

    [Fact]
    public void Single_rendition_without_poster_needs_no_split()
    {
        var args = FfmpegArguments.BuildLive(AccelerationPath.Cpu, "ultrafast", 720, [Ladder[0]], ["tcp://127.0.0.1:1"], null, 10);
        Assert.Equal("[0:v]scale=854:480[v0]", args[args.IndexOf("-filter_complex") + 1]);
        Assert.DoesNotContain("mjpeg", args);
    }

    [Fact]
    public async Task The_cpu_command_line_runs_in_real_ffmpeg()
    {
        // The generated graph and options are valid for this FFmpeg (5.1): one frame through the probe form.
        var folder = Directory.CreateTempSubdirectory("sportall-args-").FullName;
        try
        {
            var runner = new FfmpegProbeRunner("ffmpeg");
            var sample = Path.Combine(folder, "s.mp4");
            Assert.True((await runner.RunAsync(FfmpegArguments.BuildSample(sample, 640, 360), CancellationToken.None)).Succeeded);
            var result = await runner.RunAsync(FfmpegArguments.BuildProbe(AccelerationPath.Cpu, sample, 360, [new(426, 240, 400, "high"), new(320, 180, 250, "main")]), CancellationToken.None);
            Assert.True(result.Succeeded, result.StandardError);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
