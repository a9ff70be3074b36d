using System.Globalization;
using Sportall.Media.Model;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>Real x264/AAC output through the segmenter: init + every segment of a track must decode with ffmpeg.</summary>
public sealed class LiveStreamPackagerFfmpegTests
{
    [Fact]
    public async Task Init_plus_all_segments_decode_with_ffmpeg()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 2000; o.PartTargetMs = 500; });
        var dir = Path.Combine(h.DataPath, "fixtures");
        Directory.CreateDirectory(dir);
        var h264 = Path.Combine(dir, "in.h264");
        var aac = Path.Combine(dir, "in.aac");
        var gen = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "5",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-bsf:v", "h264_mp4toannexb", "-f", "h264", h264);
        Assert.True(gen.ExitCode == 0, gen.StdErr);
        gen = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "5",
            "-c:a", "aac", "-f", "adts", aac);
        Assert.True(gen.ExitCode == 0, gen.StdErr);

        var (sps, pps, units) = MediaFixtures.H264AccessUnits(await File.ReadAllBytesAsync(h264));
        var (asc, rate, channels, frames) = MediaFixtures.AdtsFrames(await File.ReadAllBytesAsync(aac));
        Assert.Equal(125, units.Count);
        var video = PackagerHarness.VideoTrack(fps: 25) with { CodecConfig = MediaFixtures.AvcC(sps, pps) };
        var audio = PackagerHarness.AudioTrack() with { CodecConfig = asc, SampleRate = rate, ChannelCount = channels };
        h.Packager.OnTracks([video, audio]);

        // Interleave by time as an encoder would send them.
        int v = 0, a = 0;
        while (v < units.Count || a < frames.Count)
        {
            var vt = v < units.Count ? v * 3600 / 90000.0 : double.MaxValue;
            var at = a < frames.Count ? a * 1024 / 48000.0 : double.MaxValue;
            if (vt <= at)
            {
                FeedBytes(h, 0, v * 3600L, 90000, units[v].Key, units[v].Sample);
                v++;
            }
            else
            {
                FeedBytes(h, 1, a * 1024L, 48000, true, frames[a]);
                a++;
            }
        }
        h.Packager.OnPublisherLost();

        foreach (var (trackId, expectedFrames, codec) in new[] { ("video", units.Count, "h264"), ("audio", frames.Count, "aac") })
        {
            Assert.True(h.Packager.TryGetInit(trackId, 0, out var init));
            var file = Path.Combine(dir, trackId + ".mp4");
            await using (var output = File.Create(file))
            {
                output.Write(init.Span);
                foreach (var segment in h.Stream.Current.Segments[trackId])
                {
                    Assert.True(h.Packager.TryGetSegment(trackId, segment.SequenceNumber, out var location));
                    output.Write(location.Memory.Span);
                }
            }
            var probe = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames",
                "-show_entries", "format=duration", "-of", "default=nw=1", file);
            Assert.True(probe.ExitCode == 0 && probe.StdErr.Length == 0, probe.StdErr);
            Assert.Contains($"codec_name={codec}", probe.StdOut);
            Assert.Contains($"nb_read_frames={expectedFrames}", probe.StdOut);
            var duration = double.Parse(probe.StdOut.Split('\n').Single(l => l.StartsWith("duration=", StringComparison.Ordinal))[9..], CultureInfo.InvariantCulture);
            var expectedSeconds = trackId == "video" ? expectedFrames / 25.0 : expectedFrames * 1024 / 48000.0;
            Assert.Equal(expectedSeconds, duration, 2);

            var decode = await MediaFixtures.RunAsync("ffmpeg", "-v", "error", "-i", file, "-f", "null", "-");
            Assert.True(decode.ExitCode == 0 && decode.StdErr.Length == 0, decode.StdErr);
        }
    }

    private static void FeedBytes(PackagerHarness h, int track, long dts, int timescale, bool key, byte[] bytes)
    {
        var payload = Sportall.Media.Buffers.MediaBuffer.CopyOf(bytes);
        h.Packager.OnAccessUnit(new AccessUnit(track, dts, 0, timescale, key, payload));
        payload.Release();
    }
}
