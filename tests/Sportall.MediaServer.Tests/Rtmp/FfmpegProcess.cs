using System.Diagnostics;
using System.Text;

namespace Sportall.MediaServer.Tests.Rtmp;

internal sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private FfmpegProcess(Process process) => _process = process;

    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    // A 320x240 25 fps H.264 + AAC test stream, GOP 25, paced in real time.
    public static FfmpegProcess Publish(string url, double seconds, params string[] extraOutputArgs)
    {
        var args = new List<string>
        {
            "-hide_banner", "-loglevel", "warning", "-nostdin", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
        };
        args.AddRange(extraOutputArgs);
        args.AddRange(["-f", "flv", url]);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var ffmpeg = new FfmpegProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (ffmpeg._stderr) { ffmpeg._stderr.AppendLine(e.Data); }
            }
        };
        process.BeginErrorReadLine();
        return ffmpeg;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
