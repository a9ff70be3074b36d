using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// Gives Kestrel's connections 64 KiB pipe blocks instead of its default 4 KiB ones. Kestrel receives into
/// one block per socket read and copies a response body into blocks before sending them: with 4 KiB blocks an
/// RTMP publisher at 3 Mbit/s costs ~100 reads a second and an 800 KB segment response ~190 blocks, each with
/// its own rent, copy and send-list entry. With 64 KiB blocks a bare Kestrel app served a 754 KB body at ~1.55×
/// the requests per CPU-second (paired runs, docs/PERFORMANCE.md). Idle connections hold no block (Kestrel
/// waits for data before renting one), so the larger block costs memory only while bytes are in flight.
/// </summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
