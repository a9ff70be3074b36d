using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sportall.Media.Codecs.H264;
using Sportall.Media.Flv;
using Sportall.Media.Model;

namespace Sportall.Bench.Flv;

/// <summary>
/// Steady-state FLV demuxing: one second of 30 fps H.264 (4 kB frames, 60 kB keyframe) and 48 kHz AAC
/// per operation, tracks already announced, into a sink that releases payloads. Allocated bytes per
/// operation must be 0: the only per-frame memory is the pooled <c>MediaBuffer</c>.
/// </summary>
[MemoryDiagnoser]
public class FlvMediaDemuxerBenchmarks
{
    // x264 High@3.1 1280x720 parameter sets.
    private static readonly byte[] Sps = Convert.FromHexString("6764001facd9405005bb0110000003001000000303c0f1831960");
    private static readonly byte[] Pps = Convert.FromHexString("68ebe3cb22c0");
    private const int VideoFramesPerOp = 30;
    private const int AudioFramesPerOp = 47;

    private FlvMediaDemuxer _demuxer = null!;
    private byte[] _keyframe = null!;
    private byte[] _interframe = null!;
    private byte[] _audioFrame = null!;
    private long _videoMs;
    private long _audioMs;

    [GlobalSetup]
    public void Setup()
    {
        _demuxer = new FlvMediaDemuxer(new ReleasingSink());
        _demuxer.OnMetadata(new StreamMetadata { VideoCodecId = 7, AudioCodecId = 10 });
        byte[] avcC = AvcDecoderConfigurationRecord.FromParameterSets([Sps], [Pps]).ToArray();
        _demuxer.OnVideoTag(0, [0x17, 0, 0, 0, 0, .. avcC]);
        _demuxer.OnAudioTag(0, [0xAF, 0, 0x11, 0x90]);
        _keyframe = VideoTag(keyframe: true, 60_000);
        _interframe = VideoTag(keyframe: false, 4_000);
        _audioFrame = new byte[2 + 370];
        _audioFrame[0] = 0xAF;
        _audioFrame[1] = 1;
    }

    [Benchmark(OperationsPerInvoke = VideoFramesPerOp + AudioFramesPerOp)]
    public void OneSecondOfTags()
    {
        var demuxer = _demuxer;
        var audioIndex = 0;
        for (var i = 0; i < VideoFramesPerOp; i++)
        {
            demuxer.OnVideoTag(_videoMs, i == 0 ? _keyframe : _interframe);
            _videoMs += 33;
            // Interleave audio by timestamp, as encoders send it.
            while (audioIndex < AudioFramesPerOp && _audioMs <= _videoMs)
            {
                demuxer.OnAudioTag(_audioMs, _audioFrame);
                _audioMs += 21;
                audioIndex++;
            }
        }
        for (; audioIndex < AudioFramesPerOp; audioIndex++)
        {
            demuxer.OnAudioTag(_audioMs, _audioFrame);
            _audioMs += 21;
        }
    }

    private static byte[] VideoTag(bool keyframe, int nalSize)
    {
        var body = new byte[5 + 4 + nalSize];
        body[0] = (byte)(keyframe ? 0x17 : 0x27);
        body[1] = 1;
        body[4] = 66; // composition time 66 ms
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(5), nalSize);
        body[9] = (byte)(keyframe ? 0x65 : 0x41);
        return body;
    }

    private sealed class ReleasingSink : IMediaSink
    {
        public void OnTracks(IReadOnlyList<TrackInfo> tracks) { }

        public void OnAccessUnit(in AccessUnit unit) => unit.Payload.Release();
    }
}
