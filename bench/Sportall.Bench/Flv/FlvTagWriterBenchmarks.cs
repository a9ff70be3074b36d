using System.Buffers;
using BenchmarkDotNet.Attributes;
using Sportall.Media.Flv;

namespace Sportall.Bench.Flv;

/// <summary>
/// Steady-state FLV muxing as the transcoder feeds FFmpeg: one second of 30 fps H.264 (60 kB keyframe,
/// 4 kB frames) per operation into a reused buffer writer. Allocated bytes per operation must be 0.
/// </summary>
[MemoryDiagnoser]
public class FlvTagWriterBenchmarks
{
    private const int FramesPerOp = 30;
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private byte[] _keyframe = null!;
    private byte[] _interframe = null!;
    private uint _dtsMs;

    [GlobalSetup]
    public void Setup()
    {
        _keyframe = new byte[60_000];
        _interframe = new byte[4_000];
    }

    [Benchmark(OperationsPerInvoke = FramesPerOp)]
    public int OneSecondOfFrames()
    {
        var buffer = _buffer;
        buffer.ResetWrittenCount();
        for (var i = 0; i < FramesPerOp; i++)
        {
            FlvTagWriter.WriteAvcFrame(buffer, _dtsMs, 66, i == 0, i == 0 ? _keyframe : _interframe);
            _dtsMs += 33;
        }
        return buffer.WrittenCount;
    }
}
