using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sportall.Media.Buffers;

/// <summary>
/// A pooled, reference-counted byte buffer that carries one frame's payload. The publisher rents it,
/// every reader that keeps the frame calls <see cref="AddRef"/>, and each holder calls
/// <see cref="Release"/> once; the last release returns the array and the wrapper to their pools, so
/// the steady state allocates nothing per frame.
/// </summary>
public sealed class MediaBuffer
{
    // Wrappers are recycled too; the bound keeps a burst (many streams starting) from pinning memory forever.
    private const int MaxPooledWrappers = 4096;
    private static readonly ConcurrentQueue<MediaBuffer> s_wrappers = new();
    private static int s_pooledCount;

    private byte[] _array = [];
    private int _length;
    private int _refCount;

    private MediaBuffer() { }

    /// <summary>Rents a buffer of exactly <paramref name="length"/> usable bytes with one reference.</summary>
    public static MediaBuffer Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (s_wrappers.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref s_pooledCount);
        }
        else
        {
            buffer = new MediaBuffer();
        }
        buffer._array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        buffer._length = length;
        buffer._refCount = 1;
        return buffer;
    }

    /// <summary>Rents a buffer and copies <paramref name="source"/> into it.</summary>
    public static MediaBuffer CopyOf(ReadOnlySpan<byte> source)
    {
        var buffer = Rent(source.Length);
        source.CopyTo(buffer._array);
        return buffer;
    }

    /// <summary>Rents a buffer and copies <paramref name="source"/> into it.</summary>
    public static MediaBuffer CopyOf(in ReadOnlySequence<byte> source)
    {
        var buffer = Rent((int)source.Length);
        source.CopyTo(buffer._array);
        return buffer;
    }

    public int Length => _length;

    public Span<byte> Span
    {
        get
        {
            Debug.Assert(_refCount > 0, "MediaBuffer used after its last release");
            return _array.AsSpan(0, _length);
        }
    }

    public Memory<byte> Memory => _array.AsMemory(0, _length);

    /// <summary>Shrinks the usable length (for payloads whose final size is known after writing).</summary>
    public void SetLength(int length)
    {
        if ((uint)length > (uint)_array.Length) throw new ArgumentOutOfRangeException(nameof(length));
        _length = length;
    }

    public int RefCount => Volatile.Read(ref _refCount);

    public MediaBuffer AddRef()
    {
        var after = Interlocked.Increment(ref _refCount);
        Debug.Assert(after > 1, "AddRef on a released MediaBuffer");
        return this;
    }

    public void Release()
    {
        var after = Interlocked.Decrement(ref _refCount);
        if (after > 0) return;
        if (after < 0) throw new InvalidOperationException("MediaBuffer released more times than referenced.");
        ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        _length = 0;
        if (Interlocked.Increment(ref s_pooledCount) <= MaxPooledWrappers)
        {
            s_wrappers.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooledCount);
        }
    }
}
