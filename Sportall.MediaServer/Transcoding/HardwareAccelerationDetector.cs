namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// Chooses the transcoding pipeline by running it: a one-frame decode → scale → encode of each candidate,
/// in order of preference, through the exact filter chain and encoders the live transcoder will use. An
/// encoder's presence in <c>ffmpeg -encoders</c> proves nothing (Debian's FFmpeg lists NVENC, QSV and VAAPI on
/// machines without the hardware or the driver), so names alone never decide.
/// </summary>
public sealed partial class HardwareAccelerationDetector(IFfmpegProbeRunner runner, ILogger<HardwareAccelerationDetector> logger)
{
    // Probe at a small 16:9 size with two rungs, so the split and two encoder sessions are exercised.
    private const int SampleWidth = 640, SampleHeight = 360;
    private static readonly IReadOnlyList<PlannedRendition> ProbeLadder =
    [
        new(426, 240, 400, "main"),
        new(256, 144, 200, "main"),
    ];

    /// <summary>The candidates, best first, for what configuration asks.</summary>
    public static IReadOnlyList<AccelerationPath> Candidates(HardwareAcceleration requested) => requested switch
    {
        HardwareAcceleration.None => [],
        HardwareAcceleration.Nvidia => [AccelerationPath.NvidiaFull, AccelerationPath.NvidiaDecodeOnly],
        HardwareAcceleration.Qsv => [AccelerationPath.Qsv],
        HardwareAcceleration.Vaapi => [AccelerationPath.Vaapi],
        _ => [AccelerationPath.NvidiaFull, AccelerationPath.NvidiaDecodeOnly, AccelerationPath.Qsv, AccelerationPath.Vaapi],
    };

    public async Task<AccelerationPath> DetectAsync(HardwareAcceleration requested, CancellationToken cancellationToken)
    {
        var candidates = Candidates(requested);
        if (candidates.Count == 0)
        {
            LogChosen(AccelerationPath.Cpu.Label(), "hardware acceleration is off in configuration");
            return AccelerationPath.Cpu;
        }
        var folder = Path.Combine(Path.GetTempPath(), "sportall-hwprobe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var sample = Path.Combine(folder, "sample.mp4");
            var made = await runner.RunAsync(FfmpegArguments.BuildSample(sample, SampleWidth, SampleHeight), cancellationToken).ConfigureAwait(false);
            if (!made.Succeeded)
            {
                LogProbeFailed("sample", FirstLine(made.StandardError));
                LogChosen(AccelerationPath.Cpu.Label(), "the probe sample could not be made");
                return AccelerationPath.Cpu;
            }
            foreach (var candidate in candidates)
            {
                var result = await runner.RunAsync(FfmpegArguments.BuildProbe(candidate, sample, SampleHeight, ProbeLadder), cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    LogChosen(candidate.Label(), "its one-frame test encode succeeded");
                    return candidate;
                }
                LogProbeFailed(candidate.Label(), FirstLine(result.StandardError));
            }
            if (requested != HardwareAcceleration.Auto) LogRequestedUnavailable(requested.ToString());
            LogChosen(AccelerationPath.Cpu.Label(), "no hardware path passed its test encode");
            return AccelerationPath.Cpu;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed[..newline];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcoding acceleration: {Path} ({Reason})")]
    private partial void LogChosen(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcoding acceleration probe '{Path}' failed: {Error}")]
    private partial void LogProbeFailed(string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcoding:HardwareAcceleration asks for {Requested}, which failed its test encode here; using the CPU")]
    private partial void LogRequestedUnavailable(string requested);
}
