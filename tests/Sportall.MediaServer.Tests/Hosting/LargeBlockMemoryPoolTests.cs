using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Sportall.MediaServer.Hosting;

namespace Sportall.MediaServer.Tests.Hosting;

public class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Blocks_are_64_KiB_and_reused_without_allocating_once_warm()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        Assert.Equal(LargeBlockMemoryPool.BlockSize, first.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
        first.Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            pool.Rent(4096).Dispose();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(first, pool.Rent());
    }

    [Fact]
    public void A_request_larger_than_a_block_is_refused()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void A_block_returned_twice_is_an_error_not_a_block_shared_by_two_connections()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        Assert.Throws<InvalidOperationException>(block.Dispose);
        Assert.Equal(1, pool.RetainedBlocks);
        Assert.NotSame(pool.Rent(), pool.Rent());
    }

    [Fact]
    public void Only_a_bounded_number_of_returned_blocks_is_kept()
    {
        using var pool = new LargeBlockMemoryPool();
        var blocks = Enumerable.Range(0, LargeBlockMemoryPool.MaxRetainedBlocks + 10).Select(_ => pool.Rent()).ToList();
        foreach (var block in blocks) block.Dispose();
        Assert.Equal(LargeBlockMemoryPool.MaxRetainedBlocks, pool.RetainedBlocks);
    }

    [Fact]
    public void The_host_gives_kestrel_the_large_block_pool()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddServiceDefaults(builder.Configuration);
        using var app = builder.Build();
        using var pool = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();
        Assert.IsType<LargeBlockMemoryPool>(pool);
    }
}
