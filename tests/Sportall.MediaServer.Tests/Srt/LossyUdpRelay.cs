using System.Net;
using System.Net.Sockets;

namespace Sportall.MediaServer.Tests.Srt;

// A UDP relay between one SRT caller and the listener that drops a share of the caller's data packets,
// standing in for `tc qdisc ... netem loss` where sch_netem is not available. Control packets (first bit
// set: handshake, ACK, NAK...) always pass, so the loss lands where SRT's ARQ must repair it.
internal sealed class LossyUdpRelay : IAsyncDisposable
{
    private readonly UdpClient _front = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _back = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _target;
    private readonly double _lossRatio;
    private readonly Random _random = new(1234);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _forward;
    private readonly Task _backward;
    private IPEndPoint? _caller;
    private long _dropped;

    public LossyUdpRelay(IPEndPoint target, double lossRatio)
    {
        _target = target;
        _lossRatio = lossRatio;
        _forward = ForwardAsync();
        _backward = BackwardAsync();
    }

    public int Port => ((IPEndPoint)_front.Client.LocalEndPoint!).Port;
    public long Dropped => Interlocked.Read(ref _dropped);

    private async Task ForwardAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var datagram = await _front.ReceiveAsync(_stop.Token);
            Volatile.Write(ref _caller, datagram.RemoteEndPoint);
            var isData = datagram.Buffer.Length > 0 && (datagram.Buffer[0] & 0x80) == 0;
            if (isData && _random.NextDouble() < _lossRatio)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            await _back.SendAsync(datagram.Buffer, _target, _stop.Token);
        }
    }

    private async Task BackwardAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var datagram = await _back.ReceiveAsync(_stop.Token);
            if (Volatile.Read(ref _caller) is { } caller)
            {
                await _front.SendAsync(datagram.Buffer, caller, _stop.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Task.WhenAll(_forward, _backward);
        }
        catch (OperationCanceledException)
        {
        }

        _front.Dispose();
        _back.Dispose();
        _stop.Dispose();
    }
}
