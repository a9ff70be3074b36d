using System.Buffers;
using System.Globalization;
using Sportall.Media.Model;
using Sportall.Media.Mp4;

namespace Sportall.Media.Tests.Mp4;

/// <summary>Init + fragments built from real encoder output must be read by ffprobe/ffmpeg without a complaint.</summary>
public sealed class CmafFfmpegInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sportall-cmaf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task H264_fragments_decode_with_ffmpeg()
    {
        var raw = Path.Combine(_dir, "in.h264");
        var gen = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-bsf:v", "h264_mp4toannexb", "-f", "h264", raw);
        Assert.True(gen.ExitCode == 0, gen.StdErr);

        var (sps, pps, units) = MediaFixtures.H264AccessUnits(await File.ReadAllBytesAsync(raw));
        Assert.Equal(50, units.Count);
        var track = new TrackInfo
        {
            Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000, CodecConfig = MediaFixtures.AvcC(sps, pps),
            CodecString = "avc1.42C00D", Width = 320, Height = 240, FrameRate = 25,
        };

        // Fragments of 10 frames each: 3600 ticks per frame at 90 kHz.
        var output = new ArrayBufferWriter<byte>();
        CmafInitSegmentWriter.Write(output, track);
        WriteFragments(output, units, 10, 3600);
        var file = Path.Combine(_dir, "video.mp4");
        await File.WriteAllBytesAsync(file, output.WrittenSpan.ToArray());

        var probe = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames",
            "-show_entries", "format=duration", "-of", "default=nw=1", file);
        Assert.True(probe.ExitCode == 0 && probe.StdErr.Length == 0, probe.StdErr);
        Assert.Contains("codec_name=h264", probe.StdOut);
        Assert.Contains("width=320", probe.StdOut);
        Assert.Contains("height=240", probe.StdOut);
        Assert.Contains("nb_read_frames=50", probe.StdOut);
        Assert.Equal(2.0, Duration(probe.StdOut), 2);

        var decode = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-i", file, "-f", "null", "-");
        Assert.True(decode.ExitCode == 0 && decode.StdErr.Length == 0, decode.StdErr);
    }

    [Fact]
    public async Task Aac_fragments_decode_with_ffmpeg()
    {
        var raw = Path.Combine(_dir, "in.aac");
        var gen = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "2",
            "-ac", "2", "-c:a", "aac", "-f", "adts", raw);
        Assert.True(gen.ExitCode == 0, gen.StdErr);

        var (asc, rate, channels, frames) = MediaFixtures.AdtsFrames(await File.ReadAllBytesAsync(raw));
        Assert.Equal(48000, rate);
        var track = new TrackInfo
        {
            Index = 1, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = rate, CodecConfig = asc,
            CodecString = "mp4a.40.2", SampleRate = rate, ChannelCount = channels,
        };
        var output = new ArrayBufferWriter<byte>();
        CmafInitSegmentWriter.Write(output, track);
        WriteFragments(output, frames.Select(f => (f, true)).ToList(), 24, 1024);
        var file = Path.Combine(_dir, "audio.mp4");
        await File.WriteAllBytesAsync(file, output.WrittenSpan.ToArray());

        var probe = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,sample_rate,channels,nb_read_frames",
            "-show_entries", "format=duration", "-of", "default=nw=1", file);
        Assert.True(probe.ExitCode == 0 && probe.StdErr.Length == 0, probe.StdErr);
        Assert.Contains("codec_name=aac", probe.StdOut);
        Assert.Contains("sample_rate=48000", probe.StdOut);
        Assert.Contains("channels=2", probe.StdOut);
        Assert.Contains($"nb_read_frames={frames.Count}", probe.StdOut);
        Assert.Equal(frames.Count * 1024 / 48000.0, Duration(probe.StdOut), 2);

        var decode = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-i", file, "-f", "null", "-");
        Assert.True(decode.ExitCode == 0 && decode.StdErr.Length == 0, decode.StdErr);
    }

    private static void WriteFragments(ArrayBufferWriter<byte> output, List<(byte[] Sample, bool Key)> units, int perFragment, uint duration)
    {
        uint sequence = 1;
        for (var first = 0; first < units.Count; first += perFragment)
        {
            var batch = units.Skip(first).Take(perFragment).ToList();
            var samples = batch.Select(u => new CmafSample(duration, u.Sample.Length, u.Key)).ToArray();
            var payload = batch.SelectMany(u => u.Sample).ToArray();
            CmafFragmentWriter.Write(output, sequence++, (ulong)first * duration, samples, payload);
        }
    }

    private static double Duration(string probeOutput)
    {
        var line = probeOutput.Split('\n').Single(l => l.StartsWith("duration=", StringComparison.Ordinal));
        return double.Parse(line["duration=".Length..], CultureInfo.InvariantCulture);
    }
}
