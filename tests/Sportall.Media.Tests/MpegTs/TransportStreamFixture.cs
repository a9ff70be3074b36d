using System.Text.Json;
using Sportall.Media.MpegTs;
using Sportall.Media.Tests.Codecs;
using Sportall.Media.Tests.Flv;

namespace Sportall.Media.Tests.MpegTs;

internal readonly record struct ProbedPacket(long Pts, long Dts, bool IsKeyframe);

/// <summary>Transport streams made with ffmpeg into a temporary folder once per test run, and ffprobe's view of them.</summary>
public sealed class TransportStreamFixture : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly Dictionary<string, byte[]> _made = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("sportall-mpegts-").FullName;

    public const string H264Aac = "-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine -t 4 -c:v libx264 -g 25 -bf 2 -c:a aac -f mpegts";

    /// <summary>Runs ffmpeg once per name and returns the file's bytes.</summary>
    public byte[] Make(string name, string arguments)
    {
        lock (_made)
        {
            if (_made.TryGetValue(name, out var bytes)) return bytes;
            var path = PathOf(name);
            Run("ffmpeg", $"-hide_banner -loglevel error -y {arguments} \"{path}\"");
            return _made[name] = File.ReadAllBytes(path);
        }
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public static JsonElement[] Streams(string path) => FfmpegFixture.Streams(path);

    /// <summary>Packets of one stream (<c>v:0</c>, <c>a:0</c>) in file order, in the stream's time base.</summary>
    internal static List<ProbedPacket> Packets(string path, string stream)
    {
        var json = Run("ffprobe", $"-v error -select_streams {stream} -show_entries packet=pts,dts,flags -of json \"{path}\"");
        return JsonDocument.Parse(json).RootElement.GetProperty("packets").EnumerateArray()
            .Select(p => new ProbedPacket(
                p.GetProperty("pts").GetInt64(),
                p.TryGetProperty("dts", out var dts) ? dts.GetInt64() : p.GetProperty("pts").GetInt64(),
                p.GetProperty("flags").GetString()!.Contains('K')))
            .ToList();
    }

    /// <summary>Feeds a stream in chunks of the given size (the last one shorter) and flushes.</summary>
    internal static (RecordingSink Sink, MpegTsStatistics Statistics) Demux(byte[] ts, int chunkSize)
    {
        var sink = new RecordingSink();
        var demuxer = new MpegTsDemuxer(sink);
        for (var offset = 0; offset < ts.Length; offset += chunkSize)
        {
            demuxer.Write(ts.AsSpan(offset, Math.Min(chunkSize, ts.Length - offset)));
        }
        demuxer.Flush();
        return (sink, demuxer.Statistics);
    }

    private static string Run(string tool, string arguments) => FfmpegFixture.Run(tool, arguments, Deadline);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
