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

    private static string Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within {Deadline}");
        }
        Assert.True(process.ExitCode == 0, $"{tool} {arguments} failed: {stderr.Result}");
        return stdout.Result;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
