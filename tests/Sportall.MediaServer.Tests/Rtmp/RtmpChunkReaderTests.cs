using System.Buffers;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Tests.Rtmp;

public class RtmpChunkReaderTests
{
    private const int MaxMessageSize = 8 * 1024 * 1024;

    private sealed record Received(int ChunkStreamId, RtmpMessageType Type, uint StreamId, long TimestampMs, byte[] Payload);

    private static byte[] Chunk(RtmpChunkType type, int csid, RtmpChunkMessageHeader header, ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[3 + 15 + payload.Length];
        var offset = new RtmpChunkBasicHeader(type, csid).Write(buffer);
        offset += (header with { ChunkType = type }).Write(buffer.AsSpan(offset));
        payload.CopyTo(buffer.AsSpan(offset));
        return buffer[..(offset + payload.Length)];
    }

    private static byte[] Payload(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();

    private static List<Received> ReadAll(RtmpChunkReader reader, ReadOnlySequence<byte> bytes, out long consumed)
    {
        var messages = new List<Received>();
        var sequenceReader = new SequenceReader<byte>(bytes);
        while (reader.TryReadMessage(ref sequenceReader, out var message))
        {
            messages.Add(new(message.ChunkStreamId, message.TypeId, message.MessageStreamId, message.TimestampMs, message.Payload.ToArray()));
        }

        consumed = sequenceReader.Consumed;
        return messages;
    }

    // Three video messages of 300 bytes with chunk size 128 (3 chunks each) on csid 6, and audio on
    // csid 4 interleaved between the video chunks, as FFmpeg writes them.
    private static (byte[] Stream, List<Received> Expected, List<int> ChunkEnds) InterleavedStream()
    {
        var parts = new List<byte[]>();
        var expected = new List<Received>();
        var video = new[] { Payload(300, 1), Payload(300, 2), Payload(300, 3) };
        var audio = new[] { Payload(20, 9), Payload(20, 10) };
        var videoHeader = new RtmpChunkMessageHeader(RtmpChunkType.Type0, 1000, false, 300, 9, 1);
        parts.Add(Chunk(RtmpChunkType.Type0, 6, videoHeader, video[0].AsSpan(0, 128)));
        parts.Add(Chunk(RtmpChunkType.Type0, 4, new(RtmpChunkType.Type0, 990, false, 20, 8, 1), audio[0]));
        parts.Add(Chunk(RtmpChunkType.Type3, 6, videoHeader, video[0].AsSpan(128, 128)));
        parts.Add(Chunk(RtmpChunkType.Type3, 6, videoHeader, video[0].AsSpan(256)));
        expected.Add(new(4, RtmpMessageType.Audio, 1, 990, audio[0]));
        expected.Add(new(6, RtmpMessageType.Video, 1, 1000, video[0]));
        // Type 2: delta 40.
        parts.Add(Chunk(RtmpChunkType.Type2, 6, new(RtmpChunkType.Type2, 40, false, 0, 0, 0), video[1].AsSpan(0, 128)));
        parts.Add(Chunk(RtmpChunkType.Type2, 4, new(RtmpChunkType.Type2, 23, false, 0, 0, 0), audio[1]));
        parts.Add(Chunk(RtmpChunkType.Type3, 6, videoHeader, video[1].AsSpan(128, 128)));
        parts.Add(Chunk(RtmpChunkType.Type3, 6, videoHeader, video[1].AsSpan(256)));
        expected.Add(new(4, RtmpMessageType.Audio, 1, 1013, audio[1]));
        expected.Add(new(6, RtmpMessageType.Video, 1, 1040, video[1]));
        // Type 3 starting a new message repeats the 40 ms delta.
        parts.Add(Chunk(RtmpChunkType.Type3, 6, videoHeader, video[2].AsSpan(0, 128)));
        parts.Add(Chunk(RtmpChunkType.Type3, 6, videoHeader, video[2].AsSpan(128, 128)));
        parts.Add(Chunk(RtmpChunkType.Type3, 6, videoHeader, video[2].AsSpan(256)));
        expected.Add(new(6, RtmpMessageType.Video, 1, 1080, video[2]));

        var ends = new List<int>();
        var total = 0;
        foreach (var part in parts)
        {
            total += part.Length;
            ends.Add(total);
        }

        return (parts.SelectMany(p => p).ToArray(), expected, ends);
    }

    [Fact]
    public void ReassemblesInterleavedChunkStreams()
    {
        var (stream, expected, _) = InterleavedStream();
        using var reader = new RtmpChunkReader(MaxMessageSize);
        var messages = ReadAll(reader, new ReadOnlySequence<byte>(stream), out var consumed);
        Assert.Equal(stream.Length, consumed);
        Assert.Equal(expected.Count, messages.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { Payload = [] }, messages[i] with { Payload = [] });
            Assert.Equal(expected[i].Payload, messages[i].Payload);
        }
    }

    [Fact]
    public void OneBytePerSegment_ParsesTheSame()
    {
        var (stream, expected, _) = InterleavedStream();
        using var reader = new RtmpChunkReader(MaxMessageSize);
        var messages = ReadAll(reader, SegmentedSequence.OneBytePerSegment(stream), out var consumed);
        Assert.Equal(stream.Length, consumed);
        Assert.Equal(expected.Select(m => (m.ChunkStreamId, m.TimestampMs, Convert.ToHexString(m.Payload))),
            messages.Select(m => (m.ChunkStreamId, m.TimestampMs, Convert.ToHexString(m.Payload))));
    }

    [Fact]
    public void EveryPrefix_ConsumesWholeChunksOnly_AndCompletesNothingEarly()
    {
        var (stream, expected, chunkEnds) = InterleavedStream();
        var firstMessageEnd = chunkEnds[1]; // the audio message is complete after the second chunk
        for (var length = 0; length < firstMessageEnd; length++)
        {
            using var reader = new RtmpChunkReader(MaxMessageSize);
            var messages = ReadAll(reader, new ReadOnlySequence<byte>(stream, 0, length), out var consumed);
            Assert.Empty(messages);
            // Nothing of an incomplete chunk is consumed: only whole chunks (or nothing).
            Assert.True(consumed == 0 || chunkEnds.Contains((int)consumed), $"prefix {length} consumed {consumed}");
            Assert.True(length < chunkEnds[0] ? consumed == 0 : consumed == chunkEnds[0]);
        }

        // Feeding the rest after any prefix yields every message.
        for (var length = 0; length <= stream.Length; length += 7)
        {
            using var reader = new RtmpChunkReader(MaxMessageSize);
            var first = ReadAll(reader, new ReadOnlySequence<byte>(stream, 0, length), out var consumed);
            var rest = ReadAll(reader, new ReadOnlySequence<byte>(stream, (int)consumed, stream.Length - (int)consumed), out _);
            Assert.Equal(expected.Count, first.Count + rest.Count);
        }
    }

    [Fact]
    public void SingleChunkMessage_EveryPrefixNeedsMoreAndConsumesNothing()
    {
        var bytes = Chunk(RtmpChunkType.Type0, 4, new(RtmpChunkType.Type0, 0xFFFFFF, true, 10, 8, 1), Payload(10, 0));
        for (var length = 0; length < bytes.Length; length++)
        {
            using var reader = new RtmpChunkReader(MaxMessageSize);
            Assert.Empty(ReadAll(reader, new ReadOnlySequence<byte>(bytes, 0, length), out var consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void ExtendedTimestampOnType3Continuation_AsFfmpegSendsIt()
    {
        const uint timestamp = 0x01000000;
        var payload = Payload(200, 5);
        var header = new RtmpChunkMessageHeader(RtmpChunkType.Type0, timestamp, true, 200, 9, 1);
        var stream = Chunk(RtmpChunkType.Type0, 6, header, payload.AsSpan(0, 128))
            .Concat(Chunk(RtmpChunkType.Type3, 6, header with { HasExtendedTimestamp = true }, payload.AsSpan(128)))
            .ToArray();
        using var reader = new RtmpChunkReader(MaxMessageSize);
        var message = Assert.Single(ReadAll(reader, new ReadOnlySequence<byte>(stream), out _));
        Assert.Equal(timestamp, message.TimestampMs);
        Assert.Equal(payload, message.Payload);
    }

    [Fact]
    public void ExtendedTimestampOmittedOnType3Continuation_IsTolerated()
    {
        const uint timestamp = 0x01000000;
        var payload = Payload(200, 5);
        var header = new RtmpChunkMessageHeader(RtmpChunkType.Type0, timestamp, true, 200, 9, 1);
        var stream = Chunk(RtmpChunkType.Type0, 6, header, payload.AsSpan(0, 128))
            .Concat(Chunk(RtmpChunkType.Type3, 6, header with { HasExtendedTimestamp = false }, payload.AsSpan(128)))
            .ToArray();
        using var reader = new RtmpChunkReader(MaxMessageSize);
        var message = Assert.Single(ReadAll(reader, new ReadOnlySequence<byte>(stream), out _));
        Assert.Equal(payload, message.Payload);
    }

    [Theory]
    [InlineData(0xFFFFFE, 1, 0xFFFFFFL)] // the 24-bit field's last value, then the extended field
    [InlineData(0xFFFFFFF0, 0x20, 0x1_0000_0010L)] // a delta that crosses 2^32
    public void TimestampDeltasAccumulateIn64Bits(uint start, uint delta, long expected)
    {
        var stream = Chunk(RtmpChunkType.Type0, 4, new(RtmpChunkType.Type0, start, start >= 0xFFFFFF, 1, 8, 1), [1])
            .Concat(Chunk(RtmpChunkType.Type2, 4, new(RtmpChunkType.Type2, delta, delta >= 0xFFFFFF, 0, 0, 0), [2]))
            .ToArray();
        using var reader = new RtmpChunkReader(MaxMessageSize);
        var messages = ReadAll(reader, new ReadOnlySequence<byte>(stream), out _);
        Assert.Equal([start, expected], messages.Select(m => m.TimestampMs));
    }

    [Fact]
    public void AbsoluteTimestampWrapping32Bits_StaysMonotonic()
    {
        // Type 0 headers carry 32-bit absolute times: 0xFFFFFFF0, then 0x10 after the wrap.
        var stream = Chunk(RtmpChunkType.Type0, 4, new(RtmpChunkType.Type0, 0xFFFFFFF0, true, 1, 8, 1), [1])
            .Concat(Chunk(RtmpChunkType.Type0, 4, new(RtmpChunkType.Type0, 0x10, false, 1, 8, 1), [2]))
            .Concat(Chunk(RtmpChunkType.Type0, 4, new(RtmpChunkType.Type0, 0x30, false, 1, 8, 1), [3]))
            .ToArray();
        using var reader = new RtmpChunkReader(MaxMessageSize);
        var timestamps = ReadAll(reader, new ReadOnlySequence<byte>(stream), out _).Select(m => m.TimestampMs).ToArray();
        Assert.Equal([0xFFFFFFF0L, 0x1_0000_0010L, 0x1_0000_0030L], timestamps);
    }

    [Fact]
    public void ChunkLargerThanWholeChunkLimit_IsCopiedAsItArrives()
    {
        var payload = Payload(RtmpChunkReader.WholeChunkLimit * 3, 3);
        var stream = Chunk(RtmpChunkType.Type0, 6, new(RtmpChunkType.Type0, 0, false, payload.Length, 9, 1), payload);
        using var reader = new RtmpChunkReader(MaxMessageSize) { ChunkSize = payload.Length };
        var offset = 0;
        var received = new List<Received>();
        foreach (var size in new[] { 100, RtmpChunkReader.WholeChunkLimit, RtmpChunkReader.WholeChunkLimit, stream.Length })
        {
            var length = Math.Min(size, stream.Length - offset);
            received.AddRange(ReadAll(reader, new ReadOnlySequence<byte>(stream, offset, length), out var consumed));
            offset += (int)consumed;
        }

        Assert.Equal(stream.Length, offset);
        Assert.Equal(payload, Assert.Single(received).Payload);
    }

    [Fact]
    public void MessageAboveTheLimit_FailsBeforeItsBodyArrives()
    {
        var header = Chunk(RtmpChunkType.Type0, 6, new(RtmpChunkType.Type0, 0, false, 1001, 9, 1), []);
        var error = Assert.Throws<RtmpProtocolException>(() =>
        {
            using var reader = new RtmpChunkReader(maxMessageSize: 1000);
            ReadAll(reader, new ReadOnlySequence<byte>(header), out _);
        });
        Assert.Equal(RtmpProtocolError.MessageTooLarge, error.Reason);
    }

    [Theory]
    [InlineData(RtmpChunkType.Type2)]
    [InlineData(RtmpChunkType.Type3)]
    public void ChunkWithoutAnEarlierHeader_IsRejected(RtmpChunkType type)
    {
        var bytes = Chunk(type, 6, new(type, 0, false, 0, 0, 0), [1, 2, 3]);
        var error = Assert.Throws<RtmpProtocolException>(() =>
        {
            using var reader = new RtmpChunkReader(MaxMessageSize);
            ReadAll(reader, new ReadOnlySequence<byte>(bytes), out _);
        });
        Assert.Equal(RtmpProtocolError.ChunkWithoutPreviousHeader, error.Reason);
    }

    [Fact]
    public void TooManyChunkStreams_AreRejected()
    {
        var bytes = Enumerable.Range(3, RtmpChunkReader.MaxChunkStreams + 1)
            .SelectMany(csid => Chunk(RtmpChunkType.Type0, csid, new(RtmpChunkType.Type0, 0, false, 1, 8, 1), [1]))
            .ToArray();
        var error = Assert.Throws<RtmpProtocolException>(() =>
        {
            using var reader = new RtmpChunkReader(MaxMessageSize);
            ReadAll(reader, new ReadOnlySequence<byte>(bytes), out _);
        });
        Assert.Equal(RtmpProtocolError.TooManyChunkStreams, error.Reason);
    }

    [Fact]
    public void Abort_DropsThePartialMessage()
    {
        var header = new RtmpChunkMessageHeader(RtmpChunkType.Type0, 0, false, 200, 9, 1);
        using var reader = new RtmpChunkReader(MaxMessageSize);
        Assert.Empty(ReadAll(reader, new ReadOnlySequence<byte>(Chunk(RtmpChunkType.Type0, 6, header, Payload(128, 1))), out _));
        reader.Abort(6);
        var next = Payload(200, 2);
        var stream = Chunk(RtmpChunkType.Type3, 6, header, next.AsSpan(0, 128)).Concat(Chunk(RtmpChunkType.Type3, 6, header, next.AsSpan(128))).ToArray();
        Assert.Equal(next, Assert.Single(ReadAll(reader, new ReadOnlySequence<byte>(stream), out _)).Payload);
    }

    [Fact]
    public void WriterOutput_ReadsBack()
    {
        var payload = Payload(1000, 4);
        var writer = new ArrayBufferWriter<byte>();
        RtmpChunkWriter.WriteMessage(writer, 320, RtmpMessageType.Video, 1, 0x01000000, payload, 100);
        using var reader = new RtmpChunkReader(MaxMessageSize) { ChunkSize = 100 };
        var message = Assert.Single(ReadAll(reader, new ReadOnlySequence<byte>(writer.WrittenMemory), out var consumed));
        Assert.Equal(writer.WrittenCount, consumed);
        Assert.Equal((320, RtmpMessageType.Video, 1u, 0x01000000L), (message.ChunkStreamId, message.Type, message.StreamId, message.TimestampMs));
        Assert.Equal(payload, message.Payload);
    }
}
