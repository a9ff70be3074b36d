namespace Sportall.MediaServer.Transcoding;

/// <summary>Runs a short FFmpeg command to completion (the hardware probes); tests fake it.</summary>
public interface IFfmpegProbeRunner
{
    Task<FfmpegProbeResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}

public readonly record struct FfmpegProbeResult(int ExitCode, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
