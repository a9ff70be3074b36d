namespace Sportall.Interop.Tests.Infrastructure;

/// <summary>
/// Test media made by ffmpeg at test time (no binary fixtures in git), once per test run, then pushed
/// with `-c copy` so tests spend no CPU on encoding while they run.
/// </summary>
public static class MediaFixtures
{
    public const int FrameRate = 25;
    public const int GopFrames = 50; // 2 s GOP, as OBS users are told to set
    public const double DurationSeconds = 12;

    private static readonly Lazy<Task<string>> s_h264Aac = new(() => MakeAsync(
        "h264-aac.flv",
        ["-f", "lavfi", "-i", $"testsrc2=size=320x240:rate={FrameRate}", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", GopFrames.ToString(), "-keyint_min", GopFrames.ToString(), "-sc_threshold", "0", "-bf", "2",
         "-c:a", "aac", "-b:a", "96k", "-ac", "2", "-f", "flv"]));

    /// <summary>12 s of 320x240 25 fps H.264 High (with B-frames) and 48 kHz stereo AAC in FLV.</summary>
    public static Task<string> H264AacFlvAsync() => s_h264Aac.Value;

    private static readonly Lazy<Task<string>> s_h264Aac360p = new(() => MakeAsync(
        "h264-aac-360p.flv",
        ["-f", "lavfi", "-i", $"testsrc2=size=640x360:rate={FrameRate}", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", GopFrames.ToString(), "-keyint_min", GopFrames.ToString(), "-sc_threshold", "0", "-bf", "2",
         "-c:a", "aac", "-b:a", "96k", "-ac", "2", "-f", "flv"]));

    /// <summary>12 s of 640x360 25 fps H.264 High (with B-frames, 2 s GOP) and 48 kHz stereo AAC in FLV: a source worth a ladder.</summary>
    public static Task<string> H264Aac360pFlvAsync() => s_h264Aac360p.Value;

    private static readonly Lazy<Task<string>> s_hevcAac = new(() => MakeAsync(
        "hevc-aac.ts",
        ["-f", "lavfi", "-i", $"testsrc2=size=320x240:rate={FrameRate}", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", $"keyint={GopFrames}:min-keyint={GopFrames}:log-level=error",
         "-c:a", "aac", "-b:a", "96k", "-ac", "2", "-f", "mpegts"]));

    /// <summary>12 s of 320x240 25 fps HEVC and 48 kHz stereo AAC in MPEG-TS.</summary>
    public static Task<string> HevcAacTsAsync() => s_hevcAac.Value;

    private static async Task<string> MakeAsync(string name, string[] arguments)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sportall-fixtures");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        if (File.Exists(path)) return path;
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var (exitCode, output) = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments, temporary], TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"ffmpeg could not make the fixture {name}:\n{output}");
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// Starts `ffmpeg -re -c copy` pushing <paramref name="file"/> to <paramref name="rtmpUrl"/> (RTMP as FLV,
    /// an srt:// URL as MPEG-TS), for
    /// <paramref name="seconds"/> when given; <paramref name="loop"/> repeats the file until then.
    /// </summary>
    public static ExternalProcess Push(string file, string rtmpUrl, double? seconds = null, bool loop = false)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "warning", "-re" };
        if (loop) arguments.AddRange(["-stream_loop", "-1"]);
        arguments.AddRange(["-i", file]);
        if (seconds is { } s) arguments.AddRange(["-t", s.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        arguments.AddRange(["-c", "copy", "-f", rtmpUrl.StartsWith("srt:", StringComparison.Ordinal) ? "mpegts" : "flv", rtmpUrl]);
        return ExternalProcess.Start("ffmpeg", arguments);
    }
}
