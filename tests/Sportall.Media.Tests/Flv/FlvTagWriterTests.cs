using System.Buffers;
using Sportall.Media.Flv;
using Sportall.Media.Model;

namespace Sportall.Media.Tests.Flv;

public class FlvTagWriterTests
{
    public static TheoryData<string, bool, bool, byte[]> FileHeaders => new()
    {
        { "video only", false, true, [0x46, 0x4C, 0x56, 1, 0x01, 0, 0, 0, 9, 0, 0, 0, 0] },
        { "audio and video", true, true, [0x46, 0x4C, 0x56, 1, 0x05, 0, 0, 0, 9, 0, 0, 0, 0] },
        { "audio only", true, false, [0x46, 0x4C, 0x56, 1, 0x04, 0, 0, 0, 9, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(FileHeaders))]
    public void File_header_bytes(string name, bool hasAudio, bool hasVideo, byte[] expected)
    {
        _ = name;
        var buffer = new ArrayBufferWriter<byte>();
        FlvTagWriter.WriteFileHeader(buffer, hasAudio, hasVideo);
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        Assert.Equal(FlvTagWriter.FileHeaderSize, buffer.WrittenCount);
    }

    // (name, dts ms, composition ms, keyframe, nal units, expected tag bytes)
    public static TheoryData<string, uint, int, bool, byte[], byte[]> Frames => new()
    {
        {
            "keyframe at 0",
            0, 0, true, [0, 0, 0, 1, 0x65],
            [9, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0x17, 1, 0, 0, 0, 0, 0, 0, 1, 0x65, 0, 0, 0, 21]
        },
        {
            "inter frame, composition 80 ms, 24-bit timestamp boundary",
            0xFF_FFFF, 80, false, [0, 0, 0, 1, 0x41],
            [9, 0, 0, 10, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0x27, 1, 0, 0, 80, 0, 0, 0, 1, 0x41, 0, 0, 0, 21]
        },
        {
            "timestamp past 24 bits uses TimestampExtended, negative composition",
            0x0100_0001, -40, false, [0, 0, 0, 1, 0x41],
            [9, 0, 0, 10, 0, 0, 1, 1, 0, 0, 0, 0x27, 1, 0xFF, 0xFF, 0xD8, 0, 0, 0, 1, 0x41, 0, 0, 0, 21]
        },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Avc_frame_bytes_and_round_trip(string name, uint dtsMs, int compositionMs, bool keyframe, byte[] nalUnits, byte[] expected)
    {
        _ = name;
        var buffer = new ArrayBufferWriter<byte>();
        FlvTagWriter.WriteAvcFrame(buffer, dtsMs, compositionMs, keyframe, nalUnits);
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        Assert.Equal(FlvTagWriter.ComputeAvcTagSize(nalUnits.Length), buffer.WrittenCount);

        // Read back through the FLV file reader and the demuxer that ingest uses.
        var file = new ArrayBufferWriter<byte>();
        FlvTagWriter.WriteFileHeader(file, hasAudio: false, hasVideo: true);
        FlvTagWriter.WriteAvcSequenceHeader(file, dtsMs, FlvTags.AvcC720);
        file.Write(buffer.WrittenSpan);
        using var reader = new FlvFileReader(new MemoryStream(file.WrittenSpan.ToArray()));
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(new StreamMetadata { VideoCodecId = 7 });
        var tags = 0;
        while (reader.TryReadTag(out var tag))
        {
            Assert.Equal(FlvTagType.Video, tag.Type);
            Assert.Equal(dtsMs, tag.TimestampMs);
            demuxer.OnVideoTag(tag.TimestampMs, tag.Body);
            tags++;
        }
        demuxer.Flush();
        Assert.Equal(2, tags);
        Assert.True(reader.HasVideo);
        Assert.False(reader.HasAudio);
        var unit = Assert.Single(sink.Units);
        Assert.Equal(keyframe, unit.IsKeyframe);
        Assert.Equal(dtsMs * 90L, unit.DtsTicks);
        Assert.Equal(compositionMs * 90, unit.CompositionOffsetTicks);
        Assert.Equal(nalUnits, unit.Payload);
        Assert.Equal(FlvTags.AvcC720, Assert.Single(sink.Announcements)[0].CodecConfig);
    }

    [Fact]
    public void Sequence_header_carries_the_record_as_packet_type_0()
    {
        var buffer = new ArrayBufferWriter<byte>();
        FlvTagWriter.WriteAvcSequenceHeader(buffer, 7, FlvTags.AvcC720);
        var bytes = buffer.WrittenSpan;
        Assert.Equal(FlvTags.AvcSequenceHeader(FlvTags.AvcC720), bytes.Slice(FlvTagHeader.Size, 5 + FlvTags.AvcC720.Length).ToArray());
        Assert.Equal(7, bytes[6]);
    }

    [Fact]
    public void Composition_time_outside_si24_is_refused()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentOutOfRangeException>(() => FlvTagWriter.WriteAvcFrame(buffer, 0, 0x80_0000, false, [0]));
        Assert.Equal(0, buffer.WrittenCount);
    }
}
