using System.Buffers;
using BenchmarkDotNet.Attributes;
using Sportall.Media.Mp4;

namespace Sportall.Bench.Mp4;

/// <summary>
/// One LL-HLS part of 30 fps video (15 samples, ~4 KB each) into a reused ArrayBufferWriter.
/// Expected: 0 B allocated per op.
/// </summary>
[MemoryDiagnoser]
public class CmafFragmentWriterBenchmarks
{
    private readonly CmafSample[] _samples = new CmafSample[15];
    private byte[] _payload = [];
    private readonly ArrayBufferWriter<byte> _output = new(128 * 1024);
    private uint _sequence;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < _samples.Length; i++)
        {
            _samples[i] = new CmafSample(3000, i == 0 ? 20_000 : 3_000 + i * 17, i == 0, i % 3 == 1 ? 6000 : 0);
        }
        _payload = new byte[CmafFragmentWriter.ComputePayloadLength(_samples)];
    }

    [Benchmark]
    public int WriteFragment()
    {
        _output.ResetWrittenCount();
        CmafFragmentWriter.Write(_output, ++_sequence, (ulong)_sequence * 45000, _samples, _payload);
        return _output.WrittenCount;
    }
}
