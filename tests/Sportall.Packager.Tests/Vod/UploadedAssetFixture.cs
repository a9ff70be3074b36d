using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Extensions.Options;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod;
using Sportall.Packager.Vod.Uploads;
using Sportall.Testing;

namespace Sportall.Packager.Tests.Vod;

/// <summary>ffmpeg-made uploads in a file system store, and helpers to play what the uploaded-asset source makes of them.</summary>
public sealed class UploadedAssetFixture : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sportall-vod-uploads-" + Guid.NewGuid().ToString("N"));

    public string StoreRoot => Path.Combine(Folder, "store");

    public FileSystemObjectStore Store { get; private set; } = null!;

    public string File(string name) => Path.Combine(Folder, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        Store = new FileSystemObjectStore(StoreRoot);
        // 10 s, a keyframe every second, B-frames, AAC; the moov at the end as cameras and editors write it.
        await Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=192x108:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "25", "-c:a", "aac", "-b:a", "64k", File("h264.mp4"));
        await Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=192x108:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "6", "-c:v", "libx265", "-preset", "ultrafast", "-g", "25", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-c:a", "aac", "-movflags", "+faststart", File("hevc.mov"));
    }

    public static async Task Ffmpeg(params string[] args)
    {
        var (code, _, stderr) = await MediaFixtures.RunAsync("ffmpeg", ["-v", "error", "-y", .. args]);
        Assert.True(code == 0, $"ffmpeg failed: {stderr}");
    }

    /// <summary>Stores <paramref name="file"/> as a new upload's source and returns its id.</summary>
    public async Task<string> StoreUploadAsync(string file)
    {
        var id = UploadedAssetKeys.NewId();
        await using var stream = System.IO.File.OpenRead(file);
        await Store.PutAsync(UploadedAssetKeys.Source(id), stream, stream.Length, "video/mp4", CancellationToken.None);
        return id;
    }

    public UploadedAssetSource NewSource(double targetSeconds = 4) =>
        new(Store, Options.Create(new VodUploadOptions { SegmentTargetSeconds = targetSeconds }));

    /// <summary>Init segment then every media segment of a track, as one playable fMP4 file.</summary>
    public async Task<string> WriteTrackAsync(IVodPresentation presentation, VodTrack track, string name)
    {
        var path = File(name);
        await using (var file = System.IO.File.Create(path))
        {
            var writer = PipeWriter.Create(file);
            await presentation.WriteInitSegmentAsync(track.Id, writer, CancellationToken.None);
            for (var i = 0; i < track.Segments.Length; i++)
            {
                await presentation.WriteMediaSegmentAsync(track.Id, i, writer, CancellationToken.None);
            }
            await writer.CompleteAsync();
        }
        return path;
    }

    /// <summary>Decoded frame count and duration (seconds) of the first stream of a kind ("v" or "a").</summary>
    public static async Task<(int Frames, double Duration)> ProbeAsync(string path, string kind)
    {
        var (code, stdout, stderr) = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-count_frames",
            "-show_entries", "stream=nb_read_frames,duration", "-of", "default=nw=1", path);
        Assert.True(code == 0, stderr);
        int frames = 0;
        double duration = 0;
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            if (key == "nb_read_frames") frames = int.Parse(value, CultureInfo.InvariantCulture);
            if (key == "duration" && value != "N/A") duration = double.Parse(value, CultureInfo.InvariantCulture);
        }
        return (frames, duration);
    }

    /// <summary>The MD5 of every decoded frame (framemd5), for a byte-exact comparison of what decodes.</summary>
    public static async Task<string[]> FrameHashesAsync(string path, string kind)
    {
        var (code, stdout, stderr) = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-i", path, "-map", "0:" + kind + ":0", "-f", "framemd5", "-");
        Assert.True(code == 0, stderr);
        // Columns: stream, dts, pts, duration, size, hash.
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(','))
            .Select(f => f[^1].Trim())];
    }

    /// <summary>Packet count of the first stream of a kind.</summary>
    public static async Task<int> PacketCountAsync(string path, string kind)
    {
        var (code, stdout, stderr) = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-count_packets",
            "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", path);
        Assert.True(code == 0, stderr);
        return int.Parse(stdout.Trim(), CultureInfo.InvariantCulture);
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
