using Microsoft.Extensions.Logging.Abstractions;
using Sportall.Media.Buffers;
using Sportall.Media.Model;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>A packager with a manual clock, a temp data folder and a synthetic A/V feed.</summary>
internal sealed class PackagerHarness : IDisposable
{
    public static readonly DateTimeOffset Origin = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static int s_streamCounter;

    public readonly ManualTimeProvider Time = new(Origin);
    public readonly string DataPath = Directory.CreateTempSubdirectory("sportall-pkg-").FullName;
    public readonly PackagedStream Stream;
    public readonly LiveStreamPackager Packager;
    public readonly PackagerOptions Options;
    /// <summary>This packager's own segment buffer pool (no byte limit that matters), so tests can count its arrays.</summary>
    public readonly SegmentBufferPool Pool = new(maxRetainedBytes: 1L << 30);
    private TimeSpan _sessionWallStart;

    public PackagerHarness(Action<PackagerOptions>? configure = null, PackagerContinuation? continuation = null)
    {
        Options = new PackagerOptions { DataPath = DataPath };
        configure?.Invoke(Options);
        Stream = new PackagedStream($"test{Interlocked.Increment(ref s_streamCounter)}");
        Packager = new LiveStreamPackager(Stream, Options, Time, NullLogger<LiveStreamPackager>.Instance, continuation) { BufferPool = Pool };
    }

    public static TrackInfo VideoTrack(int index = 0, double fps = 30) => new()
    {
        Index = index, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000,
        CodecConfig = [0x01, 0x64, 0x00, 0x1F, 0xFF, 0xE1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1F, 0x01, 0x00, 0x02, 0x68, 0xEE],
        CodecString = "avc1.64001F", Width = 320, Height = 240, FrameRate = fps,
    };

    public static TrackInfo AudioTrack(int index = 1) => new()
    {
        Index = index, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = [0x11, 0x90],
        CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2,
    };

    /// <summary>One access unit; the payload is released right after the call (the packager must have copied it).</summary>
    public void Feed(int trackIndex, long dts, int timescale, bool key, int size, byte fill, int compositionOffset = 0)
    {
        var payload = MediaBuffer.Rent(size);
        payload.Span.Fill(fill);
        Packager.OnAccessUnit(new AccessUnit(trackIndex, dts, compositionOffset, timescale, key, payload));
        Assert.Equal(1, payload.RefCount);
        payload.Release();
    }

    /// <summary>
    /// Feeds a publish session in arrival order: video at <paramref name="fps"/> (90 kHz, keyframe every
    /// <paramref name="gop"/> frames) and, if asked, AAC at 48 kHz; the clock follows the media time.
    /// </summary>
    public void FeedSession(double seconds, double fps = 30, int gop = 30, bool audio = true, bool video = true, long dtsBase = 0)
    {
        var videoTicks = (long)Math.Round(90000 / fps);
        var videoFrames = video ? (int)Math.Round(seconds * fps) : 0;
        var audioFrames = audio ? (int)(seconds * 48000 / 1024) : 0;
        int v = 0, a = 0;
        _sessionWallStart = Time.GetUtcNow() - Origin;
        while (v < videoFrames || a < audioFrames)
        {
            var vt = v < videoFrames ? (double)(v * videoTicks) / 90000 : double.MaxValue;
            var at = a < audioFrames ? (double)(a * 1024) / 48000 : double.MaxValue;
            if (vt <= at)
            {
                Time.AdvanceTo(Origin, _sessionWallStart + TimeSpan.FromSeconds(vt));
                Feed(0, dtsBase * 90 + v * videoTicks, 90000, v % gop == 0, 1000 + v % 7, (byte)v);
                v++;
            }
            else
            {
                Time.AdvanceTo(Origin, _sessionWallStart + TimeSpan.FromSeconds(at));
                Feed(video ? 1 : 0, dtsBase * 48 + a * 1024L, 48000, true, 300 + a % 5, (byte)a);
                a++;
            }
        }
    }

    public List<CmafSegment> Segments(string trackId) =>
        Stream.Current.Segments.TryGetValue(trackId, out var list) ? [.. list] : [];

    public void Dispose()
    {
        Packager.Dispose();
        if (Directory.Exists(DataPath)) Directory.Delete(DataPath, recursive: true);
    }
}
