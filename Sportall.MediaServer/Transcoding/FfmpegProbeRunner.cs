using System.Diagnostics;

namespace Sportall.MediaServer.Transcoding;

/// <summary>Runs FFmpeg as a child process and waits for it, with a deadline.</summary>
public sealed class FfmpegProbeRunner(string ffmpegPath) : IFfmpegProbeRunner
{
    // A one-frame encode takes well under a second; initialising a GPU driver can take a few.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    public async Task<FfmpegProbeResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new FfmpegProbeResult(-1, $"cannot start {ffmpegPath}: {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ProbeTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return new FfmpegProbeResult(-1, "probe timed out");
            }
            await stdout.ConfigureAwait(false);
            return new FfmpegProbeResult(process.ExitCode, await stderr.ConfigureAwait(false));
        }
    }
}
