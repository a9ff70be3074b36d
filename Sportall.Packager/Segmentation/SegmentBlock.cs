using System.Buffers;
using System.Runtime.InteropServices;

namespace Sportall.Packager.Segmentation;

/// <summary>
/// One pooled array of a <see cref="SegmentBuffer"/>, as the memory that parts and segments are slices of.
/// Reading it after its buffer is released throws instead of returning bytes the array may have been reused
/// for; a reader that needs the bytes past the moment it found them takes a lease first
/// (<see cref="Live.SegmentLease.TryAcquire"/> finds the buffer from the memory).
/// </summary>
internal sealed class SegmentBlock(SegmentBuffer owner, byte[] array) : MemoryManager<byte>
{
    // Dropped when the buffer goes back to the pool: the playlist window's parts keep this block (their
    // memory) for as long as the segment is listed, 60 s by default, and must not keep a 1 MB array alive
    // that the pool has handed on or let go.
    private byte[]? _array = array;

    public SegmentBuffer Owner => owner;

    /// <summary>The array while the buffer holds it; only the buffer's owner uses this.</summary>
    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(SegmentBlock));

    /// <summary>Called by the buffer once, when its arrays go back to the pool.</summary>
    public byte[] Detach()
    {
        var detached = Array;
        Volatile.Write(ref _array, null);
        return detached;
    }

    public override Span<byte> GetSpan()
    {
        var array = Volatile.Read(ref _array);
        ObjectDisposedException.ThrowIf(array is null || owner.IsReleased, this);
        return array;
    }

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var array = Volatile.Read(ref _array);
        ObjectDisposedException.ThrowIf(array is null || owner.IsReleased, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)array.Length, nameof(elementIndex));
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle, this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
