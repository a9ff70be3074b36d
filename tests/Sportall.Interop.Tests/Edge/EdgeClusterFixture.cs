using Sportall.Interop.Tests.Infrastructure;

namespace Sportall.Interop.Tests.Edge;

/// <summary>One origin, a real Redis and two edges sharing it, for the edge tests of one class.</summary>
public sealed class EdgeClusterFixture : IAsyncLifetime
{
    public OriginNode Origin { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;
    public EdgeNode EdgeA { get; private set; } = null!;
    public EdgeNode EdgeB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Origin = await OriginNode.StartAsync();
        var tenants = new Dictionary<string, string?> { ["Edge:Tenants:acme-"] = "acme" };
        EdgeA = await EdgeNode.StartAsync("edge-a", Origin.BaseUri, Redis.ConnectionString, tenants);
        EdgeB = await EdgeNode.StartAsync("edge-b", Origin.BaseUri, Redis.ConnectionString, tenants);
    }

    public async Task DisposeAsync()
    {
        await EdgeA.DisposeAsync();
        await EdgeB.DisposeAsync();
        await Origin.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
