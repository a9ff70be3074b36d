using System.Runtime.InteropServices;
using Sportall.Packager.Segmentation;

namespace Sportall.Packager.Live;

/// <summary>
/// Keeps the bytes of a live part or segment from going back to the packager's pool while they are written out.
/// A part's or segment's memory (<see cref="CmafPart.Data"/>, <see cref="SegmentLocation.Memory"/>, the bytes given
/// to <see cref="ILiveSegmentObserver.OnSegmentCompleted"/>) is valid while the segment is in memory; a reader that
/// uses it after returning from where it found it (an HTTP response, a file write) acquires a lease first and
/// disposes it once done. Dispose exactly once.
/// </summary>
public readonly struct SegmentLease : IDisposable
{
    private readonly SegmentBuffer? _buffer;

    private SegmentLease(SegmentBuffer buffer) => _buffer = buffer;

    /// <summary>
    /// Leases the buffer behind <paramref name="bytes"/>. False when the packager has let the segment go (spilled
    /// to disk or left the window) and no lease kept it: the bytes must not be read; look the segment up again.
    /// Memory that is not pooled (init segments, other sources) needs no lease: true with an empty one.
    /// </summary>
    public static bool TryAcquire(ReadOnlyMemory<byte> bytes, out SegmentLease lease)
    {
        if (MemoryMarshal.TryGetMemoryManager<byte, SegmentBlock>(bytes, out var block))
        {
            if (!block.Owner.TryAcquire())
            {
                lease = default;
                return false;
            }
            lease = new SegmentLease(block.Owner);
            return true;
        }
        lease = default;
        return true;
    }

    public void Dispose() => _buffer?.Release();
}
