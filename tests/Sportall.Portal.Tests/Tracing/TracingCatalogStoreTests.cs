using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Sportall.MediaServer.Hosting;
using Sportall.Portal.Catalog;
using Sportall.Portal.Catalog.LiteDb;

namespace Sportall.Portal.Tests.Tracing;

public sealed class TracingCatalogStoreTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "sportall-otel-" + Guid.NewGuid().ToString("N"), "catalog.litedb");
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;
    private readonly TracingCatalogStore _store;

    public TracingCatalogStoreTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TracingCatalogStore.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (_stopped) _stopped.Add(activity); },
        };
        ActivitySource.AddActivityListener(_listener);
        _store = new TracingCatalogStore(new LiteDbCatalogStore(_file), "litedb");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _store.Dispose();
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }

    // Other tests in this assembly run catalog calls concurrently: only spans of this test's tenants count.
    private Activity[] SpansOf(string tenantId)
    {
        lock (_stopped) return [.. _stopped.Where(s => s.GetTagItem("sportall.tenant.id") as string == tenantId)];
    }

    [Fact]
    public async Task EachCallIsOneSpanNamedAfterItsOperationAndAFailureMarksIt()
    {
        await _store.InitializeAsync(CancellationToken.None);
        var tenant = new Tenant { Id = Guid.NewGuid().ToString("N"), Slug = "alpine-" + Guid.NewGuid().ToString("N"), Name = "Alpine" };
        await _store.SaveTenantAsync(tenant, CancellationToken.None);
        Assert.NotNull(await _store.GetTenantAsync(tenant.Id, CancellationToken.None));
        // A second tenant with the same slug breaks the unique index: the store's exception passes through.
        var clash = new Tenant { Id = Guid.NewGuid().ToString("N"), Slug = tenant.Slug, Name = "Clash" };
        await Assert.ThrowsAsync<CatalogConflictException>(() => _store.SaveTenantAsync(clash, CancellationToken.None));

        var ok = SpansOf(tenant.Id);
        Assert.Equal([nameof(ICatalogStore.SaveTenantAsync), nameof(ICatalogStore.GetTenantAsync)], ok.Select(s => s.DisplayName));
        Assert.All(ok, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal("litedb", s.GetTagItem("db.system"));
            Assert.Equal(ActivityStatusCode.Unset, s.Status);
        });
        var failed = Assert.Single(SpansOf(clash.Id));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(CatalogConflictException).FullName, failed.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData(null, "sportall-media-portal")]
    [InlineData("portal", "sportall-portal")]
    [InlineData(" Edge ", "sportall-edge")]
    [InlineData("media, portal", "sportall-media-portal")]
    public void ServiceNameNamesTheRoles(string? roles, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Server:Roles"] = roles }).Build();
        Assert.Equal(expected, SportallTracing.ServiceName(configuration));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://collector:4317", null, true)]
    [InlineData(null, "http://collector:4317", true)]
    [InlineData("", " ", false)]
    public void TracingIsOnOnlyWithAnEndpoint(string? ours, string? standard, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SportallTracing.EndpointKey] = ours,
            [SportallTracing.StandardEndpointKey] = standard,
        }).Build();
        var services = new ServiceCollection().AddSportallTracing(configuration);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(expected, provider.GetService<TracerProvider>() is not null);
    }

    [Theory]
    [InlineData("/live/key/index.m3u8", false)]
    [InlineData("/LIVE/key/seg.m4s", false)]
    [InlineData("/healthz", false)]
    [InlineData("/metrics", false)]
    [InlineData("/livestock", true)]
    [InlineData("/t/alpine/events/1", true)]
    [InlineData("/api/replays", true)]
    public void OnlyPortalAndApiPathsAreTraced(string path, bool expected) =>
        Assert.Equal(expected, SportallTracing.IsTraced(path));
}
