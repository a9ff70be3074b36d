using System.Buffers;
using System.Buffers.Binary;
using Sportall.Media.Model;
using Sportall.Media.Mp4;

namespace Sportall.Media.Tests.Mp4;

/// <summary>Field-level checks that do not depend on golden files (those could be regenerated wrong).</summary>
public sealed class CmafWriterTests
{
    [Fact]
    public void Trun_fields_follow_the_samples()
    {
        CmafSample[] samples = [new(3000, 5, true, 3000), new(2999, 3, false, -1500)];
        var writer = new ArrayBufferWriter<byte>();
        CmafFragmentWriter.Write(writer, 42, 0x1_0000_0001, samples, new byte[8]);
        var bytes = writer.WrittenSpan;
        var boxes = Box.Parse(bytes);
        var moof = boxes[0];

        var mfhd = Box.Find(boxes, "moof/mfhd");
        Assert.Equal(42u, BinaryPrimitives.ReadUInt32BigEndian(bytes[(mfhd.BodyOffset + 4)..]));

        var tfhd = Box.Find(boxes, "moof/traf/tfhd");
        Assert.Equal(0x00020000u, BinaryPrimitives.ReadUInt32BigEndian(bytes[tfhd.BodyOffset..]));

        var tfdt = Box.Find(boxes, "moof/traf/tfdt");
        Assert.Equal(1, bytes[tfdt.BodyOffset]); // version 1
        Assert.Equal(0x1_0000_0001ul, BinaryPrimitives.ReadUInt64BigEndian(bytes[(tfdt.BodyOffset + 4)..]));

        var trun = Box.Find(boxes, "moof/traf/trun");
        var p = trun.BodyOffset;
        Assert.Equal(1, bytes[p]);
        Assert.Equal(0x000F01u, BinaryPrimitives.ReadUInt32BigEndian(bytes[p..]) & 0xFFFFFF);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes[(p + 4)..]));
        var dataOffset = BinaryPrimitives.ReadInt32BigEndian(bytes[(p + 8)..]);
        Assert.Equal(boxes[1].BodyOffset - moof.Offset, dataOffset);
        Assert.Equal(3000u, BinaryPrimitives.ReadUInt32BigEndian(bytes[(p + 12)..]));
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32BigEndian(bytes[(p + 16)..]));
        Assert.Equal(0x02000000u, BinaryPrimitives.ReadUInt32BigEndian(bytes[(p + 20)..]));
        Assert.Equal(3000, BinaryPrimitives.ReadInt32BigEndian(bytes[(p + 24)..]));
        Assert.Equal(0x01010000u, BinaryPrimitives.ReadUInt32BigEndian(bytes[(p + 36)..]));
        Assert.Equal(-1500, BinaryPrimitives.ReadInt32BigEndian(bytes[(p + 40)..]));
    }

    [Theory]
    [InlineData(0L, 8)]
    [InlineData(4294967287L, 8)]  // 2^32 − 1 − 8: the box size is exactly 2^32 − 1
    [InlineData(4294967288L, 16)] // one more byte needs largesize
    [InlineData(5L << 30, 16)]
    public void Mdat_uses_largesize_only_past_32_bits(long payloadLength, int expectedHeader)
    {
        Assert.Equal(expectedHeader, CmafFragmentWriter.ComputeMdatHeaderSize(payloadLength));
    }

    [Fact]
    public void Large_mdat_header_carries_the_64_bit_size()
    {
        // Sizes only: the payload is never materialised.
        const int sampleSize = int.MaxValue;
        CmafSample[] samples = [new(1, sampleSize, true), new(1, sampleSize, false), new(1, 10, false)];
        var writer = new ArrayBufferWriter<byte>();
        CmafFragmentWriter.WriteHeader(writer, 1, 0, samples);
        var bytes = writer.WrittenSpan;
        var moofSize = CmafFragmentWriter.ComputeMoofSize(samples);
        Assert.Equal(moofSize + CmafFragmentWriter.MdatLargeHeaderSize, bytes.Length);
        var mdat = bytes[moofSize..];
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(mdat));
        Assert.Equal("mdat"u8.ToArray(), mdat.Slice(4, 4).ToArray());
        Assert.Equal(16ul + 2ul * int.MaxValue + 10, BinaryPrimitives.ReadUInt64BigEndian(mdat[8..]));
    }

    [Fact]
    public void Payload_length_must_match_the_samples()
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => CmafFragmentWriter.Write(writer, 1, 0, [new CmafSample(1, 4, true)], new byte[3]));
        Assert.Throws<ArgumentException>(() => CmafFragmentWriter.Write(writer, 1, 0, [], []));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Audio_track_rejects_a_video_codec()
    {
        var track = new TrackInfo { Index = 0, Kind = MediaKind.Audio, Codec = CodecId.H264, Timescale = 48000, CodecConfig = [1], CodecString = "x" };
        Assert.Throws<ArgumentException>(() => CmafInitSegmentWriter.Write(new ArrayBufferWriter<byte>(), track));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(127)]   // largest one-byte descriptor length inside DecoderSpecificInfo
    [InlineData(128)]   // needs a two-byte expandable length
    [InlineData(20000)] // three bytes
    public void Esds_descriptor_lengths_are_consistent(int ascLength)
    {
        var track = new TrackInfo
        {
            Index = 0, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = new byte[ascLength],
            CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2,
        };
        var bytes = CmafInitSegmentWriter.Create(track);
        Assert.Equal(CmafInitSegmentWriter.ComputeSize(track), bytes.Length);
        var boxes = Box.Parse(bytes);
        var stsd = Box.Find(boxes, "moov/trak/mdia/minf/stbl/stsd");
        var mp4a = Box.Parse(bytes, stsd.BodyOffset + 8, (int)(stsd.Offset + stsd.Size)).Single();
        Assert.Equal("mp4a", mp4a.Type);
        var esds = Box.Parse(bytes, mp4a.BodyOffset + 28, (int)(mp4a.Offset + mp4a.Size)).Single();
        Assert.Equal("esds", esds.Type);

        // Walk the descriptors: each declared length must end exactly where its parent ends.
        var p = esds.BodyOffset + 4;
        var esEnd = ReadDescriptor(bytes, ref p, 0x03);
        Assert.Equal((int)(esds.Offset + esds.Size), esEnd);
        p += 3;
        var dcdEnd = ReadDescriptor(bytes, ref p, 0x04);
        Assert.Equal(0x40, bytes[p]);
        p += 13;
        var dsiEnd = ReadDescriptor(bytes, ref p, 0x05);
        Assert.Equal(ascLength, dsiEnd - p);
        Assert.Equal(dcdEnd, dsiEnd);
        p = dsiEnd;
        var slEnd = ReadDescriptor(bytes, ref p, 0x06);
        Assert.Equal(esEnd, slEnd);
    }

    private static int ReadDescriptor(byte[] bytes, ref int p, byte tag)
    {
        Assert.Equal(tag, bytes[p++]);
        var length = 0;
        byte b;
        do
        {
            b = bytes[p++];
            length = (length << 7) | (b & 0x7F);
        } while ((b & 0x80) != 0);
        return p + length;
    }
}
