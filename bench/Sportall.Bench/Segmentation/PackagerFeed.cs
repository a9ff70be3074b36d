using Microsoft.Extensions.Logging.Abstractions;
using Sportall.Media.Buffers;
using Sportall.Media.Model;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Bench.Segmentation;

/// <summary>
/// A live packager fed 30 fps H.264 (keyframe every <c>gop</c> frames) and 48 kHz AAC in decode order, as the
/// segmenter benchmarks drive it; frames are pooled buffers of fixed sizes reused for every access unit.
/// </summary>
internal sealed class PackagerFeed : IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("sportall-bench-").FullName;
    private readonly MediaBuffer _videoFrame;
    private readonly MediaBuffer _keyFrame;
    private readonly MediaBuffer _audioFrame = MediaBuffer.Rent(350);
    private readonly int _gop;
    private long _videoIndex;
    private long _audioIndex;

    public PackagerFeed(int windowSeconds, int videoFrameBytes, int keyFrameBytes, int gop, SegmentBufferPool? pool = null)
    {
        _videoFrame = MediaBuffer.Rent(videoFrameBytes);
        _keyFrame = MediaBuffer.Rent(keyFrameBytes);
        _gop = gop;
        var options = new PackagerOptions { DataPath = _dataPath, LiveWindowSeconds = windowSeconds, MemoryWindowSeconds = windowSeconds };
        Packager = new LiveStreamPackager(new PackagedStream("bench"), options, TimeProvider.System, NullLogger<LiveStreamPackager>.Instance);
        if (pool is not null) Packager.BufferPool = pool;
        Packager.OnTracks([
            new TrackInfo { Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000, CodecConfig = [1, 0x64, 0, 0x1F, 0xFF, 0xE1, 0, 0, 1, 0, 0], CodecString = "avc1.64001F", Width = 1280, Height = 720, FrameRate = 30 },
            new TrackInfo { Index = 1, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = [0x11, 0x90], CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2 },
        ]);
    }

    public LiveStreamPackager Packager { get; }

    /// <summary>The next <paramref name="video"/> video and <paramref name="audio"/> audio access units, interleaved by time.</summary>
    public void Feed(int video, int audio)
    {
        int v = 0, a = 0;
        while (v < video || a < audio)
        {
            var vt = v < video ? (_videoIndex * 3000) / 90000.0 : double.MaxValue;
            var at = a < audio ? (_audioIndex * 1024) / 48000.0 : double.MaxValue;
            if (vt <= at)
            {
                var key = _videoIndex % _gop == 0;
                Packager.OnAccessUnit(new AccessUnit(0, _videoIndex * 3000, 0, 90000, key, key ? _keyFrame : _videoFrame));
                _videoIndex++;
                v++;
            }
            else
            {
                Packager.OnAccessUnit(new AccessUnit(1, _audioIndex * 1024, 0, 48000, true, _audioFrame));
                _audioIndex++;
                a++;
            }
        }
    }

    public void Dispose()
    {
        Packager.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }
}
