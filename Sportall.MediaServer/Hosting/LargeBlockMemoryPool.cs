using System.Buffers;
using System.Collections.Concurrent;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// Fixed 64 KiB blocks on the pinned object heap, reused; the block objects are their own owners, so a rent
/// allocates nothing once the pool has warmed up. Returned blocks beyond <see cref="MaxRetainedBlocks"/> are left to the GC,
/// so a burst (a join storm's in-flight responses) does not stay resident for the life of the process.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    // 16 MiB kept per pool: a few hundred connections' worth of in-flight blocks between bursts.
    public const int MaxRetainedBlocks = 256;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;
    private bool _disposed;

    public override int MaxBufferSize => BlockSize;

    public int RetainedBlocks => Volatile.Read(ref _retained);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            block.Rented = true;
            return block;
        }
        return new Block(this) { Rented = true };
    }

    private void Return(Block block)
    {
        if (Volatile.Read(ref _disposed) || Interlocked.Increment(ref _retained) > MaxRetainedBlocks)
        {
            Interlocked.Decrement(ref _retained);
            return;
        }
        _free.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        Volatile.Write(ref _disposed, true);
        while (_free.TryDequeue(out _)) Interlocked.Decrement(ref _retained);
    }

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public bool Rented { get; set; }

        public Memory<byte> Memory => _array;

        public void Dispose()
        {
            // A second dispose would hand the same block to two connections.
            if (!Rented) throw new InvalidOperationException("A pipe block was returned twice.");
            Rented = false;
            pool.Return(this);
        }
    }
}
