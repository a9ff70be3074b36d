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
    public SegmentBuffer Owner => owner;

    public byte[] Array => array;

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(owner.IsReleased, this);
        return array;
    }

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(owner.IsReleased, this);
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
