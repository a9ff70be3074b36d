using Microsoft.Extensions.Logging.Abstractions;
using Sportall.MediaServer.Transcoding;

namespace Sportall.MediaServer.Tests.Transcoding;

public class HardwareAccelerationDetectorTests
{
    /// <summary>Answers probes by what the machine "has": a command succeeds when every encoder, filter and hwaccel it names works.</summary>
    private sealed class FakeProbeRunner(params string[] working) : IFfmpegProbeRunner
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        public Task<FfmpegProbeResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add(arguments);
            var joined = string.Join(' ', arguments);
            string[] features = ["libx264", "h264_nvenc", "h264_qsv", "h264_vaapi", "-hwaccel cuda", "-hwaccel qsv", "-hwaccel vaapi", "scale_cuda"];
            foreach (var feature in features)
            {
                if (joined.Contains(feature, StringComparison.Ordinal) && !working.Contains(feature))
                {
                    return Task.FromResult(new FfmpegProbeResult(1, $"[{feature}] not available here\nsecond line"));
                }
            }
            return Task.FromResult(new FfmpegProbeResult(0, ""));
        }
    }

    public static TheoryData<string, HardwareAcceleration, string[], AccelerationPath> Cases => new()
    {
        { "nothing but the CPU", HardwareAcceleration.Auto, ["libx264"], AccelerationPath.Cpu },
        { "full NVIDIA", HardwareAcceleration.Auto, ["libx264", "h264_nvenc", "-hwaccel cuda", "scale_cuda"], AccelerationPath.NvidiaFull },
        { "NVDEC without NVENC (data-centre GPU)", HardwareAcceleration.Auto, ["libx264", "-hwaccel cuda", "scale_cuda"], AccelerationPath.NvidiaDecodeOnly },
        { "NVENC listed but CUDA decode broken", HardwareAcceleration.Auto, ["libx264", "h264_nvenc", "scale_cuda"], AccelerationPath.Cpu },
        { "Intel QSV", HardwareAcceleration.Auto, ["libx264", "h264_qsv", "-hwaccel qsv"], AccelerationPath.Qsv },
        { "VAAPI", HardwareAcceleration.Auto, ["libx264", "h264_vaapi", "-hwaccel vaapi"], AccelerationPath.Vaapi },
        { "NVIDIA preferred over VAAPI", HardwareAcceleration.Auto, ["libx264", "h264_nvenc", "-hwaccel cuda", "scale_cuda", "h264_vaapi", "-hwaccel vaapi"], AccelerationPath.NvidiaFull },
        { "asked for VAAPI on an NVIDIA machine", HardwareAcceleration.Vaapi, ["libx264", "h264_nvenc", "-hwaccel cuda", "scale_cuda"], AccelerationPath.Cpu },
        { "asked for NVIDIA, only decode works", HardwareAcceleration.Nvidia, ["libx264", "-hwaccel cuda", "scale_cuda", "h264_qsv", "-hwaccel qsv"], AccelerationPath.NvidiaDecodeOnly },
        { "asked for QSV", HardwareAcceleration.Qsv, ["libx264", "h264_qsv", "-hwaccel qsv", "h264_nvenc", "-hwaccel cuda", "scale_cuda"], AccelerationPath.Qsv },
        { "no sample (libx264 broken)", HardwareAcceleration.Auto, ["h264_nvenc", "-hwaccel cuda", "scale_cuda"], AccelerationPath.Cpu },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Chooses_the_first_path_whose_test_encode_succeeds(string name, HardwareAcceleration requested, string[] working, AccelerationPath expected)
    {
        _ = name;
        var runner = new FakeProbeRunner(working);
        var detector = new HardwareAccelerationDetector(runner, NullLogger<HardwareAccelerationDetector>.Instance);
        Assert.Equal(expected, await detector.DetectAsync(requested, CancellationToken.None));
        // The first call makes the sample; every probe then decodes that file and encodes one frame.
        Assert.Contains("testsrc2", string.Join(' ', runner.Calls[0]));
        foreach (var probe in runner.Calls.Skip(1))
        {
            Assert.Contains("-frames:v", probe);
            Assert.Contains(probe[probe.ToList().IndexOf("-i") + 1], runner.Calls[0]);
        }
    }

    [Fact]
    public async Task None_runs_nothing()
    {
        var runner = new FakeProbeRunner();
        var detector = new HardwareAccelerationDetector(runner, NullLogger<HardwareAccelerationDetector>.Instance);
        Assert.Equal(AccelerationPath.Cpu, await detector.DetectAsync(HardwareAcceleration.None, CancellationToken.None));
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public async Task Real_ffmpeg_on_this_machine_picks_a_path_that_really_encodes()
    {
        // Debian's FFmpeg lists the NVENC/QSV/VAAPI encoders; without the hardware their probes fail and the
        // detection must fall back to libx264. On a machine with working hardware it may pick that instead,
        // so the check is that the chosen path's own probe succeeds.
        var runner = new FfmpegProbeRunner("ffmpeg");
        var detector = new HardwareAccelerationDetector(runner, NullLogger<HardwareAccelerationDetector>.Instance);
        var path = await detector.DetectAsync(HardwareAcceleration.Auto, CancellationToken.None);
        var folder = Directory.CreateTempSubdirectory("sportall-probe-test-").FullName;
        try
        {
            var sample = Path.Combine(folder, "s.mp4");
            Assert.True((await runner.RunAsync(FfmpegArguments.BuildSample(sample, 320, 180), CancellationToken.None)).Succeeded);
            var probe = await runner.RunAsync(FfmpegArguments.BuildProbe(path, sample, 180, [new PlannedRendition(160, 90, 100, "main")]), CancellationToken.None);
            Assert.True(probe.Succeeded, probe.StandardError);
            if (!File.Exists("/dev/nvidia0") && !Directory.Exists("/dev/dri")) Assert.Equal(AccelerationPath.Cpu, path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
