using System.Diagnostics;
using System.Text.Json;

namespace Sportall.Media.Tests.Codecs;

/// <summary>Makes media with ffmpeg into a temporary folder and reads ffprobe's view of it.</summary>
public sealed class FfmpegFixture : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public string Folder { get; } = Directory.CreateTempSubdirectory("sportall-codecs-").FullName;

    public string Make(string name, string arguments)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path)) Run("ffmpeg", $"-hide_banner -loglevel error -y {arguments} \"{path}\"");
        return path;
    }

    /// <summary><c>ffprobe -show_streams -count_packets -of json</c>: one element per stream.</summary>
    public static JsonElement[] Streams(string path)
    {
        var json = Run("ffprobe", $"-v error -show_streams -count_packets -of json \"{path}\"");
        return JsonDocument.Parse(json).RootElement.GetProperty("streams").EnumerateArray().ToArray();
    }

    /// <summary>The body of the first box of the given type, found by scanning (enough for ffmpeg's small MP4s).</summary>
    public static byte[] FindBox(string path, string type)
    {
        var data = File.ReadAllBytes(path);
        var tag = System.Text.Encoding.ASCII.GetBytes(type);
        var at = data.AsSpan().IndexOf(tag);
        Assert.True(at >= 4, $"no {type} box in {path}");
        var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at - 4));
        return data.AsSpan(at + 4, size - 8).ToArray();
    }

    /// <summary>Runs ffmpeg or ffprobe and returns its stdout; fails the test on a non-zero exit or past the deadline.</summary>
    internal static string Run(string tool, string arguments, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        // Both pipes drain as lines arrive, so a chatty tool never blocks on a full pipe.
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within {limit}");
        }
        process.WaitForExit(); // after a timed wait has succeeded, this returns once the output events are done
        Assert.True(process.ExitCode == 0, $"{tool} {arguments} failed: {stderr}");
        return stdout.ToString();
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
