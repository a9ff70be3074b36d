using System.Diagnostics;

namespace Sportall.MediaServer.Tests.Srt;

// srt-live-transmit (Debian srt-tools) as a caller whose input is our stdin. It does not exit at stdin EOF,
// so it runs under `timeout` and is killed on dispose.
internal sealed class SrtLiveTransmit : IDisposable
{
    private readonly Process _process;

    private SrtLiveTransmit(Process process) => _process = process;

    public static SrtLiveTransmit Caller(int port, string streamId)
    {
        var info = new ProcessStartInfo("timeout")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "60", "srt-live-transmit", "-chunk:1316", "file://con", $"srt://127.0.0.1:{port}?streamid={streamId}" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SrtLiveTransmit(process);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
