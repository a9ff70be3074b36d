using System.Buffers;
using Sportall.Media.Model;
using Sportall.Media.Mp4;

namespace Sportall.Media.Tests.Mp4;

public sealed class CmafWriterGoldenTests
{
    // Fixed configuration records: real shapes, tiny sizes (the writer copies them verbatim).
    private static readonly byte[] AvcConfig = [0x01, 0x64, 0x00, 0x1F, 0xFF, 0xE1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1F, 0x01, 0x00, 0x02, 0x68, 0xEE];
    private static readonly byte[] HevcConfig = [0x01, 0x01, 0x60, 0x00, 0x00, 0x00, 0x90, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5D, 0xF0, 0x00, 0xFC, 0xFD, 0xF8, 0xF8, 0x00, 0x00, 0x0F, 0x00];
    private static readonly byte[] Av1Config = [0x81, 0x08, 0x0C, 0x00];
    private static readonly byte[] AacLcStereo48k = [0x11, 0x90];

    public static TheoryData<string, TrackInfo> InitCases => new()
    {
        { "init_avc1_1280x720.mp4", Video(CodecId.H264, AvcConfig, "avc1.64001F", 1280, 720) },
        { "init_hvc1_1920x1080.mp4", Video(CodecId.H265, HevcConfig, "hvc1.1.6.L93.B0", 1920, 1080) },
        { "init_av01_640x360.mp4", Video(CodecId.Av1, Av1Config, "av01.0.08M.08", 640, 360) },
        { "init_mp4a_48k_stereo.mp4", new TrackInfo
            {
                Index = 1, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = AacLcStereo48k,
                CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2, NominalBitrate = 128_000,
            }
        },
    };

    [Theory]
    [MemberData(nameof(InitCases))]
    public void Init_segment_matches_golden(string golden, TrackInfo track)
    {
        var writer = new ArrayBufferWriter<byte>();
        CmafInitSegmentWriter.Write(writer, track);

        Assert.Equal(CmafInitSegmentWriter.ComputeSize(track), writer.WrittenCount);
        var boxes = Box.Parse(writer.WrittenSpan);
        Assert.Equal(["ftyp", "moov"], boxes.Select(b => b.Type));
        Box.Find(boxes, "moov/trak/mdia/minf/stbl/stsd");
        Box.Find(boxes, "moov/mvex/trex");
        GoldenFile.AssertMatches(golden, writer.WrittenSpan);
    }

    public static TheoryData<string, uint, ulong, CmafSample[]> FragmentCases => new()
    {
        // IDR then P and B frames: composition offsets present, one negative (trun version 1).
        { "fragment_video_bframes.m4s", 7u, 1_800_000ul, [new(3000, 5, true, 3000), new(3000, 3, false, 6000), new(3000, 2, false, -3000), new(3000, 4, false, 0)] },
        // AAC: all sync, no composition offsets (the trun omits the field).
        { "fragment_audio.m4s", 1u, 5_000_000_000ul, [new(1024, 6, true), new(1024, 7, true), new(1024, 5, true)] },
        // A lone keyframe with tfdt 0.
        { "fragment_single_sample.m4s", 0u, 0ul, [new(3600, 9, true)] },
    };

    [Theory]
    [MemberData(nameof(FragmentCases))]
    public void Fragment_matches_golden(string golden, uint sequence, ulong tfdt, CmafSample[] samples)
    {
        var payload = Payload(samples);
        var writer = new ArrayBufferWriter<byte>();
        CmafFragmentWriter.Write(writer, sequence, tfdt, samples, payload);

        Assert.Equal(CmafFragmentWriter.ComputeSize(samples), writer.WrittenCount);
        var boxes = Box.Parse(writer.WrittenSpan);
        Assert.Equal(["moof", "mdat"], boxes.Select(b => b.Type));
        Assert.Equal(["mfhd", "traf"], boxes[0].Children.Select(b => b.Type));
        Assert.Equal(["tfhd", "tfdt", "trun"], boxes[0].Children[1].Children.Select(b => b.Type));
        Assert.Equal(payload, writer.WrittenSpan[boxes[1].BodyOffset..].ToArray());
        GoldenFile.AssertMatches(golden, writer.WrittenSpan);
    }

    [Fact]
    public void Styp_matches_golden()
    {
        var writer = new ArrayBufferWriter<byte>();
        SegmentTypeBoxWriter.Write(writer);
        Assert.Equal(SegmentTypeBoxWriter.Size, writer.WrittenCount);
        GoldenFile.AssertMatches("styp.bin", writer.WrittenSpan);
    }

    internal static byte[] Payload(ReadOnlySpan<CmafSample> samples)
    {
        var payload = new byte[(int)CmafFragmentWriter.ComputePayloadLength(samples)];
        for (var i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 7 + 1);
        return payload;
    }

    private static TrackInfo Video(CodecId codec, byte[] config, string codecString, int width, int height) => new()
    {
        Index = 0, Kind = MediaKind.Video, Codec = codec, Timescale = 90000, CodecConfig = config,
        CodecString = codecString, Width = width, Height = height, FrameRate = 30,
    };
}
