using System.Buffers;
using Sportall.Media.Mp4.Reading;
using Sportall.Testing;

namespace Sportall.Media.Tests.Mp4.Reading;

public sealed class Mp4BoxHeaderTests
{
    private const uint Mdat = 'm' << 24 | 'd' << 16 | 'a' << 8 | 't';
    private const uint Uuid = 'u' << 24 | 'u' << 16 | 'i' << 8 | 'd';
    private const uint Free = 'f' << 24 | 'r' << 16 | 'e' << 8 | 'e';

    // (name, bytes, header): every header form of ISO/IEC 14496-12 §4.2.
    public static TheoryData<string, byte[], Mp4BoxHeader> Table => new()
    {
        { "compact", [0, 0, 0, 16, (byte)'f', (byte)'r', (byte)'e', (byte)'e'], new Mp4BoxHeader(Free, 8, 16) },
        { "compact minimum (empty box)", [0, 0, 0, 8, (byte)'f', (byte)'r', (byte)'e', (byte)'e'], new Mp4BoxHeader(Free, 8, 8) },
        { "compact maximum", [0xFF, 0xFF, 0xFF, 0xFF, (byte)'m', (byte)'d', (byte)'a', (byte)'t'], new Mp4BoxHeader(Mdat, 8, uint.MaxValue) },
        { "largesize past 4 GiB", [0, 0, 0, 1, (byte)'m', (byte)'d', (byte)'a', (byte)'t', 0, 0, 0, 1, 0, 0, 0, 0x10], new Mp4BoxHeader(Mdat, 16, (1L << 32) + 16) },
        { "size 0 runs to the end", [0, 0, 0, 0, (byte)'m', (byte)'d', (byte)'a', (byte)'t'], new Mp4BoxHeader(Mdat, 8, Mp4BoxHeader.ToEnd) },
        { "uuid", [0, 0, 0, 40, (byte)'u', (byte)'u', (byte)'i', (byte)'d', .. Enumerable.Range(1, 16).Select(i => (byte)i)], new Mp4BoxHeader(Uuid, 24, 40) },
        { "uuid with largesize", [0, 0, 0, 1, (byte)'u', (byte)'u', (byte)'i', (byte)'d', 0, 0, 0, 0, 0, 0, 0, 32, .. Enumerable.Range(1, 16).Select(i => (byte)i)], new Mp4BoxHeader(Uuid, 32, 32) },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Reads_every_header_form(string name, byte[] bytes, Mp4BoxHeader expected)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(Mp4BoxHeader.TryRead(ref reader, out var header), name);
        Assert.Equal(expected, header);
        Assert.Equal(expected.HeaderSize, reader.Consumed);

        Assert.True(Mp4BoxHeader.TryRead(bytes, out var fromSpan));
        Assert.Equal(expected, fromSpan);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_prefix_needs_more_and_consumes_nothing(string name, byte[] bytes, Mp4BoxHeader expected)
    {
        for (var length = 0; length < expected.HeaderSize; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(Mp4BoxHeader.TryRead(ref reader, out _), $"{name}: prefix of {length}");
            Assert.Equal(0, reader.Consumed);
            Assert.False(Mp4BoxHeader.TryRead(bytes.AsSpan(0, length), out _));
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void One_byte_per_segment_reads_the_same(string name, byte[] bytes, Mp4BoxHeader expected)
    {
        var reader = new SequenceReader<byte>(SegmentedSequence.OneBytePerSegment(bytes));
        Assert.True(Mp4BoxHeader.TryRead(ref reader, out var header), name);
        Assert.Equal(expected, header);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 7, (byte)'f', (byte)'r', (byte)'e', (byte)'e' })]
    [InlineData(new byte[] { 0, 0, 0, 1, (byte)'f', (byte)'r', (byte)'e', (byte)'e', 0, 0, 0, 0, 0, 0, 0, 15 })]
    [InlineData(new byte[] { 0, 0, 0, 23, (byte)'u', (byte)'u', (byte)'i', (byte)'d', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })]
    public void A_size_below_the_header_is_malformed(byte[] bytes)
    {
        var e = Assert.Throws<Mp4FormatException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            Mp4BoxHeader.TryRead(ref reader, out _);
        });
        Assert.Equal(Mp4FormatError.BadBoxSize, e.Reason);
    }
}
