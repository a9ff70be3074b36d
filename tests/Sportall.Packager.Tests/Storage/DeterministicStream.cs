using System.Security.Cryptography;

namespace Sportall.Packager.Tests.Storage;

/// <summary>
/// A non-seekable stream of unknown length producing xorshift bytes from a seed, hashing what it hands out,
/// so a 25 MiB put needs no 25 MiB buffer and the test still knows exactly what was sent.
/// </summary>
internal sealed class DeterministicStream(ulong seed, long length) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ulong _state = seed | 1;
    private long _produced;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _produced; set => throw new NotSupportedException(); }

    /// <summary>Throws after this many bytes, to exercise a put that fails midway.</summary>
    public long FailAfter { get; init; } = long.MaxValue;

    public byte[] Sha256() => _hash.GetHashAndReset();

    public static byte[] Bytes(ulong seed, int length)
    {
        var bytes = new byte[length];
        using var s = new DeterministicStream(seed, length);
        s.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_produced >= FailAfter)
        {
            throw new IOException("Source failed on purpose.");
        }
        var n = (int)Math.Min(buffer.Length, length - _produced);
        for (var i = 0; i < n; i++)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            buffer[i] = (byte)_state;
        }
        _hash.AppendData(buffer[..n]);
        _produced += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
