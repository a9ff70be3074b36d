using System.Buffers;
using BenchmarkDotNet.Attributes;
using Sportall.MediaServer.Rtmp;

namespace Sportall.Bench.Rtmp;

// Steady-state ingest: 25 video messages of 12 KiB each, chunked at 4096 bytes (OBS's chunk size)
// with type 3 starts, parsed from a pipe-like multi-segment sequence. Expect 0 B allocated per op.
[MemoryDiagnoser]
public class RtmpChunkReaderBenchmarks
{
    private const int Messages = 25;
    private ReadOnlySequence<byte> _stream;
    private RtmpChunkReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new ArrayBufferWriter<byte>();
        var payload = new byte[12 * 1024];
        new Random(1).NextBytes(payload);
        for (var i = 0; i < Messages; i++)
        {
            RtmpChunkWriter.WriteMessage(writer, 6, RtmpMessageType.Video, 1, (uint)(i * 40), payload, 4096);
        }

        // 4 KiB segments, like the transport's memory pool blocks.
        var bytes = writer.WrittenMemory;
        BufferSegment? first = null, last = null;
        for (var offset = 0; offset < bytes.Length; offset += 4096)
        {
            var segment = new BufferSegment(bytes.Slice(offset, Math.Min(4096, bytes.Length - offset)), offset);
            if (first is null) { first = segment; } else { last!.Next = segment; }
            last = segment;
        }

        _stream = new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
        _reader = new RtmpChunkReader(8 * 1024 * 1024) { ChunkSize = 4096 };
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(OperationsPerInvoke = Messages)]
    public long ParseVideoMessages()
    {
        var reader = new SequenceReader<byte>(_stream);
        long total = 0;
        while (_reader.TryReadMessage(ref reader, out var message))
        {
            total += message.Payload.Length + message.TimestampMs;
        }

        return total;
    }

    private sealed class BufferSegment : ReadOnlySequenceSegment<byte>
    {
        public BufferSegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new BufferSegment? Next
        {
            get => (BufferSegment?)base.Next;
            set => base.Next = value;
        }
    }
}
