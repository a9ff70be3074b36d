using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// Kestrel transport for <see cref="ReceiveThreadEndPoint"/>s only; every other end point stays on Kestrel's
/// socket transport (Kestrel asks each factory's <see cref="CanBind"/>, last registered first).
/// </summary>
/// <remarks>
/// An encoder sends a few hundred small writes a second for hours. On the socket transport each one
/// crosses three threads (the epoll thread, Kestrel's I/O queue, the application's continuation), and
/// those hand-offs were most of ingest's CPU. Here one thread per connection blocks in <c>recv</c>, and
/// the connection handler's read continuation runs on that thread, so a write costs one wake-up and one
/// system call.
/// </remarks>
internal sealed class ReceiveThreadTransportFactory(IMemoryPoolFactory<byte> memoryPoolFactory, ILoggerFactory loggerFactory)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is ReceiveThreadEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not ReceiveThreadEndPoint ipEndPoint)
        {
            throw new NotSupportedException($"{nameof(ReceiveThreadTransportFactory)} binds {nameof(ReceiveThreadEndPoint)}s only, not {endpoint}.");
        }
        var listener = ReceiveThreadConnectionListener.Bind(ipEndPoint, memoryPoolFactory.Create(),
            loggerFactory.CreateLogger<ReceiveThreadConnectionListener>());
        return ValueTask.FromResult<IConnectionListener>(listener);
    }
}
