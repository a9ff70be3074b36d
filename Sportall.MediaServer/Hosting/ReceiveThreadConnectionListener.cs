using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Sportall.MediaServer.Hosting;

/// <summary>Accepts TCP connections for Kestrel and gives each one a <see cref="ReceiveThreadConnection"/>.</summary>
internal sealed class ReceiveThreadConnectionListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly MemoryPool<byte> _memoryPool;
    private readonly ILogger _logger;
    private long _nextId;

    private ReceiveThreadConnectionListener(Socket socket, EndPoint endPoint, MemoryPool<byte> memoryPool, ILogger logger)
    {
        _socket = socket;
        EndPoint = endPoint;
        _memoryPool = memoryPool;
        _logger = logger;
    }

    public EndPoint EndPoint { get; }

    public static ReceiveThreadConnectionListener Bind(ReceiveThreadEndPoint endPoint, MemoryPool<byte> memoryPool, ILogger logger)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            // As Kestrel's socket transport: a restarted server binds again while old connections linger.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(512);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(exception.Message, exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        return new ReceiveThreadConnectionListener(socket, new ReceiveThreadEndPoint(bound.Address, bound.Port), memoryPool, logger);
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                return null; // unbound
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException)
            {
                // The peer reset the connection before it was accepted: nothing to serve, keep listening.
                continue;
            }
            accepted.NoDelay = true;
            var id = Interlocked.Increment(ref _nextId);
            return ReceiveThreadConnection.Start(accepted, $"rtmp-{id}", _memoryPool, _logger);
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _memoryPool.Dispose();
        return ValueTask.CompletedTask;
    }
}
