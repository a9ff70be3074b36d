using System.Net;
using Sportall.Packager.Tests.Segmentation;

namespace Sportall.Packager.Tests.Delivery;

/// <summary>HTTP delivery from the real packager's pooled buffers as segments move from memory to disk and out of the window.</summary>
public class PooledSegmentDeliveryTests
{
    [Fact]
    public async Task A_segment_is_served_from_memory_then_from_its_file_then_missed_never_from_a_reused_buffer()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1000; o.MemoryWindowSeconds = 2; o.LiveWindowSeconds = 4; });
        await using var server = await DeliveryServer.StartAsync();
        server.Registry.Replace(h.Stream.Name, h.Stream);
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(2.5);
        var url = $"live/{h.Stream.Name}/video/seg-1.m4s";

        var fromMemory = await server.Client.GetByteArrayAsync(url);
        var part = await server.Client.GetByteArrayAsync($"live/{h.Stream.Name}/video/part-1.0.m4s");
        Assert.Equal(part, fromMemory.AsSpan(0, part.Length).ToArray());

        h.FeedSession(2, dtsBase: 2500);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(h.Packager.TryGetSegment("video", 1, out var location) && location.FilePath is not null))
        {
            Assert.True(DateTime.UtcNow < deadline, "segment 1 was not spilled within 10 s");
            await Task.Delay(20);
        }
        // Its buffer is back in the pool, where the next segments may write anything.
        Assert.Equal(fromMemory, await server.Client.GetByteArrayAsync(url));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"live/{h.Stream.Name}/video/part-1.0.m4s")).StatusCode);

        h.FeedSession(6, dtsBase: 4500);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(url)).StatusCode);
    }
}
