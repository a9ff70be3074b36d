using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Sportall.Media.Amf;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Tests.Rtmp;

// A minimal RTMP client over a raw socket, for inputs no real encoder sends.
internal sealed class RtmpTestClient : IAsyncDisposable
{
    private const int ChunkSize = 128;
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly RtmpChunkReader _chunks = new(16 * 1024 * 1024);

    private RtmpTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = PipeReader.Create(_stream);
    }

    public static async Task<RtmpTestClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RtmpTestClient(tcp);
    }

    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public async Task HandshakeAsync()
    {
        var c0c1 = new byte[1 + 1536];
        c0c1[0] = 3;
        Random.Shared.NextBytes(c0c1.AsSpan(9));
        await SendRawAsync(c0c1);
        var response = new byte[1 + 2 * 1536];
        await _stream.ReadExactlyAsync(response);
        Assert.Equal(3, response[0]);
        Assert.Equal(c0c1[1..], response[(1 + 1536)..]); // plain handshake: S2 echoes C1
        await SendRawAsync(response[1..(1 + 1536)]);      // C2 echoes S1
    }

    public Task SendAsync(RtmpMessageType type, uint streamId, uint timestamp, ReadOnlySpan<byte> payload, int csid = 6)
    {
        var writer = new ArrayBufferWriter<byte>();
        RtmpChunkWriter.WriteMessage(writer, csid, type, streamId, timestamp, payload, ChunkSize);
        return SendRawAsync(writer.WrittenSpan.ToArray());
    }

    public Task SendCommandAsync(uint streamId, params AmfValue[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        RtmpChunkWriter.WriteAmf0Message(writer, 3, RtmpMessageType.CommandAmf0, streamId, values, ChunkSize);
        return SendRawAsync(writer.WrittenSpan.ToArray());
    }

    public Task SendDataAsync(uint streamId, params AmfValue[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        RtmpChunkWriter.WriteAmf0Message(writer, 4, RtmpMessageType.DataAmf0, streamId, values, ChunkSize);
        return SendRawAsync(writer.WrittenSpan.ToArray());
    }

    public async Task ConnectAppAsync(string app, params AmfProperty[] extra)
    {
        await SendCommandAsync(0, "connect", 1d, AmfValue.FromObject([new("app", app), new("tcUrl", $"rtmp://127.0.0.1/{app}"), .. extra]));
    }

    public async Task PublishAsync(string app, string key)
    {
        await ConnectAppAsync(app);
        Assert.Equal("_result", (await ReadCommandAsync(TimeSpan.FromSeconds(10)))[0].String);
        await SendCommandAsync(0, "createStream", 2d, AmfValue.Null);
        Assert.Equal(1d, (await ReadCommandAsync(TimeSpan.FromSeconds(10)))[3].Number);
        await SendCommandAsync(1, "publish", 3d, AmfValue.Null, key, "live");
        var status = await ReadCommandAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("NetStream.Publish.Start", status[3].GetString("code"));
    }

    // Next command message from the server; control messages are applied or skipped.
    public async Task<List<AmfValue>> ReadCommandAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var result = await _reader.ReadAsync(cts.Token);
            var (command, consumed) = Parse(result.Buffer);
            _reader.AdvanceTo(consumed, command is null ? result.Buffer.End : consumed);
            if (command is not null)
            {
                return command;
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException("server closed the connection");
            }
        }
    }

    private (List<AmfValue>? Command, SequencePosition Consumed) Parse(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (_chunks.TryReadMessage(ref reader, out var message))
        {
            if (message.TypeId == RtmpMessageType.SetChunkSize)
            {
                _chunks.ChunkSize = BinaryPrimitives.ReadInt32BigEndian(message.Payload);
            }
            else if (message.TypeId == RtmpMessageType.CommandAmf0)
            {
                var values = new List<AmfValue>();
                var amf = new SequenceReader<byte>(new ReadOnlySequence<byte>(message.Payload.ToArray()));
                while (amf.Remaining > 0 && Amf0Reader.TryReadValue(ref amf, out var value))
                {
                    values.Add(value);
                }

                return (values, reader.Position);
            }
        }

        return (null, reader.Position);
    }

    // True once the server closed the connection (reads end or reset) within the timeout.
    public async Task<bool> IsClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(cts.Token);
                _reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _chunks.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
