using Sportall.Testing;

namespace Sportall.Media.Tests.Mp4.Reading;

/// <summary>MP4/MOV files made by ffmpeg at test time, one per layout the reader must index.</summary>
public sealed class Mp4FixtureFiles : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sportall-mp4-reader-" + Guid.NewGuid().ToString("N"));

    public string Path_(string name) => Path.Combine(Folder, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        // H.264 with B-frames (ctts, an elst shifting the B-frame delay) and AAC (an elst for the encoder priming).
        await Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "25", "-c:a", "aac", "-movflags", "+faststart", Path_("faststart.mp4"));
        await Ffmpeg("-i", Path_("faststart.mp4"), "-c", "copy", Path_("moov-at-end.mp4"));
        await Ffmpeg("-i", Path_("faststart.mp4"), "-c", "copy", Path_("quicktime.mov"));
        // Stream copy from 0.7 s starts at the keyframe before it and writes an edit list that hides the frames before 0.7 s.
        await Ffmpeg("-ss", "0.7", "-i", Path_("moov-at-end.mp4"), "-c", "copy", Path_("edit-list-cut.mp4"));
        await Ffmpeg("-i", Path_("faststart.mp4"), "-c", "copy", "-output_ts_offset", "1", Path_("ts-offset.mp4"));
        await Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "2", "-c:v", "libx265", "-preset", "ultrafast", "-g", "25", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-c:a", "aac", Path_("hevc.mp4"));
    }

    private static async Task Ffmpeg(params string[] args)
    {
        var (code, _, stderr) = await MediaFixtures.RunAsync("ffmpeg", ["-v", "error", "-y", .. args]);
        Assert.True(code == 0, $"ffmpeg failed: {stderr}");
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}
