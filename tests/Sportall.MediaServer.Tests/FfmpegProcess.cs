using System.Diagnostics;
using System.Text;

namespace Sportall.MediaServer.Tests;

// ffmpeg publishing a test stream (FLV over RTMP, MPEG-TS over SRT in caller mode), and ffprobe reading a capture back.
internal sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private FfmpegProcess(Process process) => _process = process;

    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public bool HasExited => _process.HasExited;

    // ffmpeg 5.1's srt protocol reads its options from the URL query with av_find_info_tag and does NOT
    // percent-decode them (a percent-encoded id arrives at the listener as 'live%2Fk1'), nor does it treat
    // '#' as a fragment: the stream id goes in verbatim. Only '&' cannot appear in a value.
    public static string SrtUrl(int port, string streamId, string? passphrase = null)
    {
        if (streamId.Contains('&') || passphrase?.Contains('&') == true)
        {
            throw new ArgumentException("ffmpeg 5.1 cannot carry '&' in an SRT URL option");
        }

        var url = $"srt://127.0.0.1:{port}?streamid={streamId}&pkt_size=1316&connect_timeout=3000";
        return passphrase is null ? url : url + "&passphrase=" + passphrase;
    }

    // The test stream in FLV, for an rtmp:// URL.
    public static FfmpegProcess Publish(string url, double seconds, params string[] extraOutputArgs) =>
        PublishTestStream("flv", url, seconds, extraOutputArgs);

    // The test stream in MPEG-TS, for an srt:// URL. libsrt's own log goes to stderr at warning level,
    // which carries the listener's reject reason.
    public static FfmpegProcess PublishMpegTs(string url, double seconds) =>
        PublishTestStream("mpegts", url, seconds, []);

    public static async Task<double> ProbeDurationSecondsAsync(string path)
    {
        using var probe = Start("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path], stdout: true);
        var output = await probe._process.StandardOutput.ReadToEndAsync();
        await probe.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return double.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // A 320x240 25 fps H.264 + AAC test stream, GOP 25, paced in real time.
    private static FfmpegProcess PublishTestStream(string format, string url, double seconds, string[] extraOutputArgs)
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
        args.AddRange(["-f", format, url]);
        return Start("ffmpeg", args);
    }

    private static FfmpegProcess Start(string file, IEnumerable<string> args, bool stdout = false)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = stdout, UseShellExecute = false };
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
