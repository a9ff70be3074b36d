using BenchmarkDotNet.Attributes;
using Sportall.MediaServer.Srt;
using Sportall.MediaServer.Srt.Native;

namespace Sportall.Bench.Srt;

// Per-connection work in the listen callback (stream id parse) and per-connection, per-interval work on
// the receive thread (the degradation check on a stats sample). Parsing allocates the app and key
// strings the admission keeps (once per handshake, by design); the stats check must allocate nothing.
[MemoryDiagnoser]
public class SrtStreamIdBenchmarks
{
    private SrtTraceBStats _stats = new() { pktRecv = 1000, pktRcvLoss = 5, msRTT = 20, msRcvTsbPdDelay = 500 };

    [Benchmark]
    public bool AccessControlSyntax() => SrtStreamId.TryParse("#!::u=alice,r=live/3f9c2a7e61b04d58,m=publish", out _);

    [Benchmark]
    public bool PrefixSyntax() => SrtStreamId.TryParse("publish:live/3f9c2a7e61b04d58", out _);

    [Benchmark]
    public bool DegradationCheck() => SrtListener.IsDegrading(_stats, out _);
}
