using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// One accepted TCP connection served by a thread of its own that blocks in <c>recv</c>. Both pipes run their
/// continuations inline: the application's read continuation runs on the receive thread when data arrives,
/// and what the application flushes is sent on the thread that flushed it, with a send timeout.
/// </summary>
/// <remarks>
/// The socket stays in blocking mode for its whole life, so every receive and send is one system call. An
/// asynchronous socket call would switch it to non-blocking mode and route the blocking calls through the
/// runtime's epoll thread, which is what this transport avoids; so there is none.
/// </remarks>
internal sealed class ReceiveThreadConnection : ConnectionContext, IDuplexPipe
{
    // A receive asks for at least this much room, so a block's last bytes do not turn into tiny reads.
    private const int MinimumReceiveBytes = 16 * 1024;

    // Kestrel's default MaxRequestBufferSize: a handler that stops reading (a command awaiting the stream key
    // validator) holds at most this much before TCP pushes back on the sender.
    private const long PauseWriterThreshold = 1024 * 1024;

    // A peer that does not read what it is sent (its receive window full) for this long is cut off; it
    // would otherwise hold the thread that flushed.
    private const int SendTimeoutMs = 10_000;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _sending = Task.CompletedTask;
    private ConnectionAbortedException? _abortReason;
    private int _shutdown;

    private ReceiveThreadConnection(Socket socket, string connectionId, MemoryPool<byte> memoryPool, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
        ConnectionId = connectionId;
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        _input = new Pipe(new PipeOptions(memoryPool, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: PauseWriterThreshold, resumeWriterThreshold: PauseWriterThreshold / 2, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(memoryPool, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            useSynchronizationContext: false));
        ConnectionClosed = _closed.Token;
    }

    public override string ConnectionId { get; set; }
    public override IFeatureCollection Features { get; } = new FeatureCollection();
    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    public override IDuplexPipe Transport { get; set; } = null!;
    public override EndPoint? LocalEndPoint { get; set; }
    public override EndPoint? RemoteEndPoint { get; set; }

    PipeReader IDuplexPipe.Input => _input.Reader;
    PipeWriter IDuplexPipe.Output => _output.Writer;

    public static ReceiveThreadConnection Start(Socket socket, string connectionId, MemoryPool<byte> memoryPool, ILogger logger)
    {
        socket.SendTimeout = SendTimeoutMs;
        var connection = new ReceiveThreadConnection(socket, connectionId, memoryPool, logger);
        connection.Transport = connection;
        connection._sending = connection.SendAsync();
        new Thread(static state => ((ReceiveThreadConnection)state!).Receive())
        {
            IsBackground = true,
            Name = "TCP receive",
        }.Start(connection);
        return connection;
    }

    private void Receive()
    {
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(MinimumReceiveBytes);
                var received = _socket.Receive(memory.Span);
                if (received == 0) break;
                writer.Advance(received);
                // The handler's read continuation runs inside this flush (inline reader scheduler). A flush that
                // does not complete is the pipe's back-pressure: this thread is the connection's own, so it
                // waits here, and TCP pushes back on the sender; no pool thread is held.
                var flush = writer.FlushAsync();
                var result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            if (exception is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                error = new ConnectionResetException(exception.Message, exception);
            }
            else if (Volatile.Read(ref _shutdown) == 0)
            {
                error = new IOException(exception.Message, exception);
            }
        }
        catch (Exception exception)
        {
            error = exception;
        }
        finally
        {
            writer.Complete(Volatile.Read(ref _abortReason) ?? error);
            // The handler learns of the end on the thread pool, as on Kestrel's socket transport.
            ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.FireConnectionClosed(), this, preferLocal: false);
            _receiveEnded.TrySetResult();
        }
    }

    private async Task SendAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                // Runs on the thread that flushed (inline scheduler); a blocking send is one system call.
                foreach (var segment in buffer) SendAll(segment.Span);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled) break;
            }
            reader.Complete();
        }
        catch (Exception exception)
        {
            // A failed send ends the connection: the receive side sees the shutdown next.
            reader.Complete(exception);
            if (exception is SocketException { SocketErrorCode: SocketError.WouldBlock or SocketError.TimedOut })
            {
                ReceiveThreadLog.SendTimedOut(_logger, ConnectionId, SendTimeoutMs);
            }
            Shutdown();
        }
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty) data = data[_socket.Send(data)..];
    }

    private void FireConnectionClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Shutdown()
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0) return;
        try
        {
            // Wakes the receive thread out of recv; closing the descriptor alone would not.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        Interlocked.CompareExchange(ref _abortReason, abortReason, null);
        _output.Reader.CancelPendingRead();
        Shutdown();
    }

    public override async ValueTask DisposeAsync()
    {
        _input.Reader.Complete();
        _output.Writer.Complete();
        Shutdown();
        // Kestrel may dispose from inside the receive thread's flush: awaiting lets that thread unwind first.
        await _receiveEnded.Task.ConfigureAwait(false);
        await _sending.ConfigureAwait(false);
        _socket.Dispose();
        _closed.Dispose();
    }
}
