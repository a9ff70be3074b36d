using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Sportall.MediaServer.Hosting;

namespace Sportall.MediaServer.Tests.Hosting;

public sealed class ReceiveThreadTransportTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    private static ReceiveThreadTransportFactory Factory() => new(new LargeBlockMemoryPoolFactory(), NullLoggerFactory.Instance);

    private static async Task<(IConnectionListener Listener, TcpClient Client, ConnectionContext Connection)> ConnectAsync()
    {
        var listener = await Factory().BindAsync(new ReceiveThreadEndPoint(IPAddress.Loopback, 0));
        var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.EndPoint);
        var connection = await listener.AcceptAsync().AsTask().WaitAsync(s_deadline);
        Assert.NotNull(connection);
        return (listener, client, connection);
    }

    /// <summary>
    /// Starts a read that has to wait for data, registers its continuation, and only then says it waits, so
    /// the data cannot arrive before the continuation is in place. The continuation names its thread and runs
    /// <paramref name="inContinuation"/> there.
    /// </summary>
    private static Task<(ReadResult Result, string? Thread, Task Work)> ReadOnceWaitingAsync(PipeReader input,
        TaskCompletionSource waiting, Func<ReadResult, Task>? inContinuation = null)
    {
        var read = input.ReadAsync();
        Assert.False(read.IsCompleted, "data was already buffered: the read did not wait");
        var done = new TaskCompletionSource<(ReadResult, string?, Task)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var awaiter = read.GetAwaiter();
        awaiter.UnsafeOnCompleted(() =>
        {
            var result = awaiter.GetResult();
            var work = inContinuation?.Invoke(result) ?? Task.CompletedTask;
            done.SetResult((result, Thread.CurrentThread.Name, work));
        });
        waiting.SetResult();
        return done.Task;
    }

    [Fact]
    public void TakesOnlyItsOwnEndPointsSoHttpStaysOnKestrelsSocketTransport()
    {
        var factory = Factory();
        Assert.True(factory.CanBind(new ReceiveThreadEndPoint(IPAddress.Loopback, 1935)));
        Assert.False(factory.CanBind(new IPEndPoint(IPAddress.Loopback, 8080)));
        Assert.False(factory.CanBind(new UnixDomainSocketEndPoint("/tmp/x.sock")));
    }

    [Fact]
    public async Task ReportsThePortItBoundWhenAskedForAnyFreePort()
    {
        var listener = await Factory().BindAsync(new ReceiveThreadEndPoint(IPAddress.Loopback, 0));
        await using var _ = listener;
        var bound = Assert.IsType<ReceiveThreadEndPoint>(listener.EndPoint);
        Assert.NotEqual(0, bound.Port);
    }

    [Fact]
    public async Task ReadContinuationRunsOnTheConnectionsReceiveThreadAndRepliesReachThePeer()
    {
        var (listener, client, connection) = await ConnectAsync();
        await using var _ = listener;
        using var __ = client;
        var threads = new List<string?>();
        var waiting = new[] { new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var echo = Task.Run(async () =>
        {
            var input = connection.Transport.Input;
            var output = connection.Transport.Output;
            for (var round = 0; round < 2; round++)
            {
                var (result, thread, _) = await ReadOnceWaitingAsync(input, waiting[round]);
                threads.Add(thread);
                foreach (var segment in result.Buffer) output.Write(segment.Span);
                input.AdvanceTo(result.Buffer.End);
                await output.FlushAsync();
            }
        });

        var stream = client.GetStream();
        var reply = new byte[10];
        await waiting[0].Task.WaitAsync(s_deadline);
        await stream.WriteAsync("hello"u8.ToArray());
        await stream.ReadExactlyAsync(reply.AsMemory(0, 5)).AsTask().WaitAsync(s_deadline);
        await waiting[1].Task.WaitAsync(s_deadline);
        await stream.WriteAsync("world"u8.ToArray());
        await stream.ReadExactlyAsync(reply.AsMemory(5, 5)).AsTask().WaitAsync(s_deadline);
        await echo.WaitAsync(s_deadline);

        Assert.Equal("helloworld", Encoding.ASCII.GetString(reply));
        Assert.Equal(["TCP receive", "TCP receive"], threads);
        await connection.DisposeAsync().AsTask().WaitAsync(s_deadline);
    }

    [Fact]
    public async Task PeerCloseCompletesTheInputAndSignalsConnectionClosed()
    {
        var (listener, client, connection) = await ConnectAsync();
        await using var _ = listener;
        var closed = new TaskCompletionSource();
        connection.ConnectionClosed.Register(() => closed.TrySetResult());

        client.GetStream().Write("bye"u8);
        client.Client.Shutdown(SocketShutdown.Send);

        var input = connection.Transport.Input;
        var total = 0L;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(s_deadline);
            total += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }
        Assert.Equal(3, total);
        await closed.Task.WaitAsync(s_deadline);
        client.Dispose();
        await connection.DisposeAsync().AsTask().WaitAsync(s_deadline);
    }

    [Fact]
    public async Task AbortEndsAPendingReadAndClosesTheSocket()
    {
        var (listener, client, connection) = await ConnectAsync();
        await using var _ = listener;
        using var __ = client;
        var read = connection.Transport.Input.ReadAsync().AsTask();

        connection.Abort(new ConnectionAbortedException("test abort"));

        await Assert.ThrowsAsync<ConnectionAbortedException>(() => read.WaitAsync(s_deadline));
        var buffer = new byte[1];
        Assert.Equal(0, await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(s_deadline));
        await connection.DisposeAsync().AsTask().WaitAsync(s_deadline);
    }

    [Fact]
    public async Task DisposingFromInsideTheReadContinuationDoesNotWaitForItself()
    {
        var (listener, client, connection) = await ConnectAsync();
        await using var _ = listener;
        using var __ = client;
        // As Kestrel does when a connection handler returns: the handler ran on the receive thread, and
        // the dispose that follows runs there too.
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = ReadOnceWaitingAsync(connection.Transport.Input, waiting, result =>
        {
            connection.Transport.Input.AdvanceTo(result.Buffer.End);
            return connection.DisposeAsync().AsTask();
        });
        await waiting.Task.WaitAsync(s_deadline);
        client.GetStream().Write("x"u8);

        var (_, thread, dispose) = await handler.WaitAsync(s_deadline);
        Assert.Equal("TCP receive", thread);
        await dispose.WaitAsync(s_deadline);
        var buffer = new byte[1];
        Assert.Equal(0, await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(s_deadline));
    }

    [Fact]
    public async Task AHandlerThatStopsReadingPushesBackInsteadOfBufferingWithoutBound()
    {
        var (listener, client, connection) = await ConnectAsync();
        await using var _ = listener;
        using var __ = client;
        var stream = client.GetStream();
        var chunk = new byte[64 * 1024];
        // Nobody reads the input: the pipe pauses the receive thread at its threshold, then TCP's windows
        // fill and the peer's write stops completing.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 1024; i++) await stream.WriteAsync(chunk);
        });

        // The receive thread stops at the pipe's threshold (1 MiB) plus what the last receives brought.
        var input = connection.Transport.Input;
        var deadline = DateTime.UtcNow + s_deadline;
        long buffered = 0;
        while (buffered < 1024 * 1024)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {buffered} bytes arrived");
            if (input.TryRead(out var read))
            {
                buffered = read.Buffer.Length;
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
            if (buffered < 1024 * 1024) await Task.Yield();
        }
        Assert.InRange(buffered, 1024 * 1024, 2 * 1024 * 1024);
        // 64 MiB cannot fit in that and the kernel's socket buffers: the peer's writes are held back.
        Assert.False(writer.IsCompleted);
        connection.Abort(new ConnectionAbortedException("test"));
        await connection.DisposeAsync().AsTask().WaitAsync(s_deadline);
        await Assert.ThrowsAnyAsync<Exception>(() => writer.WaitAsync(s_deadline));
    }
}
