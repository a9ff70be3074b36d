using System.Buffers;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Tests.Rtmp;

public class RtmpChunkHeaderTests
{
    public static TheoryData<string, RtmpChunkBasicHeader, string> BasicHeaders => new()
    {
        { "csid 2 (protocol control)", new(RtmpChunkType.Type0, 2), "02" },
        { "csid 63, last 1-byte form", new(RtmpChunkType.Type3, 63), "FF" },
        { "csid 64, first 2-byte form", new(RtmpChunkType.Type1, 64), "40 00" },
        { "csid 319, last 2-byte form", new(RtmpChunkType.Type2, 319), "80 FF" },
        { "csid 320, first 3-byte form", new(RtmpChunkType.Type0, 320), "01 00 01" },
        { "csid 65599, largest", new(RtmpChunkType.Type3, 65599), "C1 FF FF" },
    };

    [Theory]
    [MemberData(nameof(BasicHeaders))]
    public void BasicHeader_Reads(string name, RtmpChunkBasicHeader header, string hex)
    {
        var bytes = Hex(hex);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(RtmpChunkBasicHeader.TryRead(ref reader, out var read), name);
        Assert.Equal(header, read);
        Assert.Equal(bytes.Length, reader.Consumed);
    }

    [Theory]
    [MemberData(nameof(BasicHeaders))]
    public void BasicHeader_Writes(string name, RtmpChunkBasicHeader header, string hex)
    {
        var buffer = new byte[3];
        var written = header.Write(buffer);
        Assert.Equal(RtmpChunkBasicHeader.GetSize(header.ChunkStreamId), written);
        Assert.True(Hex(hex).AsSpan().SequenceEqual(buffer.AsSpan(0, written)), name);
    }

    [Theory]
    [MemberData(nameof(BasicHeaders))]
    public void BasicHeader_PrefixesNeedMore(string name, RtmpChunkBasicHeader header, string hex)
    {
        _ = header;
        var bytes = Hex(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(RtmpChunkBasicHeader.TryRead(ref reader, out _), name);
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(65600)]
    public void BasicHeader_RejectsIdsOutsideTheEncodableRange(int chunkStreamId) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtmpChunkBasicHeader(RtmpChunkType.Type0, chunkStreamId).Write(new byte[3]));

    public static TheoryData<string, RtmpChunkMessageHeader, string> MessageHeaders => new()
    {
        {
            "type 0", new(RtmpChunkType.Type0, 0x010203, false, 0x000100, 9, 1),
            "010203 000100 09 01000000"
        },
        {
            "type 0, timestamp 0xFFFFFE stays in 24 bits", new(RtmpChunkType.Type0, 0xFFFFFE, false, 5, 8, 1),
            "FFFFFE 000005 08 01000000"
        },
        {
            "type 0, timestamp 0xFFFFFF moves to the extended field", new(RtmpChunkType.Type0, 0xFFFFFF, true, 5, 8, 1),
            "FFFFFF 000005 08 01000000 00FFFFFF"
        },
        {
            "type 0, extended timestamp", new(RtmpChunkType.Type0, 0x12345678, true, 5, 9, 0x01020304),
            "FFFFFF 000005 09 04030201 12345678"
        },
        { "type 1", new(RtmpChunkType.Type1, 40, false, 0x123456, 8, 0), "000028 123456 08" },
        { "type 2", new(RtmpChunkType.Type2, 33, false, 0, 0, 0), "000021" },
        { "type 2, extended delta", new(RtmpChunkType.Type2, 0x01000000, true, 0, 0, 0), "FFFFFF 01000000" },
        { "type 3", new(RtmpChunkType.Type3, 0, false, 0, 0, 0), "" },
        { "type 3 after an extended timestamp", new(RtmpChunkType.Type3, 0x01000000, true, 0, 0, 0), "01000000" },
    };

    [Theory]
    [MemberData(nameof(MessageHeaders))]
    public void MessageHeader_Reads(string name, RtmpChunkMessageHeader header, string hex)
    {
        var bytes = Hex(hex);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(RtmpChunkMessageHeader.TryRead(ref reader, header.ChunkType, header.HasExtendedTimestamp, out var read), name);
        Assert.Equal(header, read);
        Assert.Equal(bytes.Length, reader.Consumed);

        var segmented = new SequenceReader<byte>(SegmentedSequence.OneBytePerSegment(bytes));
        Assert.True(RtmpChunkMessageHeader.TryRead(ref segmented, header.ChunkType, header.HasExtendedTimestamp, out var split), name);
        Assert.Equal(header, split);
    }

    [Theory]
    [MemberData(nameof(MessageHeaders))]
    public void MessageHeader_Writes(string name, RtmpChunkMessageHeader header, string hex)
    {
        var buffer = new byte[15];
        var written = header.Write(buffer);
        Assert.Equal(header.GetSize(), written);
        Assert.Equal(hex.Replace(" ", ""), Convert.ToHexString(buffer, 0, written));
        _ = name;
    }

    [Theory]
    [MemberData(nameof(MessageHeaders))]
    public void MessageHeader_PrefixesNeedMore(string name, RtmpChunkMessageHeader header, string hex)
    {
        var bytes = Hex(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(RtmpChunkMessageHeader.TryRead(ref reader, header.ChunkType, header.HasExtendedTimestamp, out _), name);
            Assert.Equal(0, reader.Consumed);
        }
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
