using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using Sportall.MediaServer.Hosting.Portal;
using Sportall.Portal.Catalog;
using Sportall.Portal.Tests.Catalog;

namespace Sportall.Portal.Tests.Metrics;

/// <summary>sportall_scheduled_event_live: which events the catalog expects on air, and the gauge that exports them.</summary>
public sealed class ScheduledEventLiveTests
{
    private static readonly CancellationToken s_ct = CancellationToken.None;
    private static readonly DateTime s_now = new(2026, 6, 6, 15, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(180);

    public static TheoryData<string, EventStatus, double, bool> Cases => new()
    {
        { "scheduled, started a minute ago", EventStatus.Scheduled, -1, true },
        { "scheduled, starts exactly now", EventStatus.Scheduled, 0, true },
        { "scheduled, starts in a minute", EventStatus.Scheduled, 1, false },
        { "live, an hour in", EventStatus.Live, -60, true },
        { "live, last minute of the window", EventStatus.Live, -179, true },
        { "scheduled, window just over", EventStatus.Scheduled, -180, false },
        { "cancelled", EventStatus.Cancelled, -10, false },
        { "postponed", EventStatus.Postponed, -10, false },
        { "ended (its publisher stopped)", EventStatus.Ended, -10, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExpectedLiveFollowsStatusAndWindow(string name, EventStatus status, double startMinutesFromNow, bool expected)
    {
        var e = new SportEvent { Status = status, PlaybackName = "final", ScheduledStart = s_now.AddMinutes(startMinutesFromNow) };
        Assert.True(expected == ScheduledLiveEvents.IsExpectedLive(e, s_now, s_window), name);
    }

    [Fact]
    public void AnEventWithoutAPlaybackNameIsNotExpected() =>
        Assert.False(ScheduledLiveEvents.IsExpectedLive(new SportEvent { Status = EventStatus.Scheduled, ScheduledStart = s_now }, s_now, s_window));

    [Theory, MemberData(nameof(CatalogStoreConformanceTestsStores))]
    public async Task ListingSpansTenantsAndLabelsBySlug(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        await SeedAsync(s.Store, "ski", "t-ski", ("ski-slalom", EventStatus.Live, -30), ("ski-downhill", EventStatus.Scheduled, 30));
        await SeedAsync(s.Store, "foot", "t-foot", ("foot-cup", EventStatus.Scheduled, -2), ("foot-old", EventStatus.Scheduled, -600));

        var live = await ScheduledLiveEvents.ListAsync(s.Store, s_now, s_window, s_ct);

        Assert.Equal(
            [new ScheduledLiveEvent("foot", "foot-cup"), new ScheduledLiveEvent("ski", "ski-slalom")],
            live.OrderBy(e => e.TenantSlug, StringComparer.Ordinal));
    }

    public static TheoryData<string> CatalogStoreConformanceTestsStores => CatalogStores.All;

    [Fact]
    public async Task GaugeShowsExpectedEventsAndDropsThoseThatLeaveTheirWindow()
    {
        await using var s = await CatalogStores.CreateAsync(CatalogStores.LiteDb);
        // A slug of its own: the gauge is process-wide.
        var slug = "gauge-" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(s.Store, slug, "t-" + slug, (slug + "-a", EventStatus.Scheduled, -5), (slug + "-b", EventStatus.Live, -170));
        var clock = new ManualClock(s_now);
        var gauge = new ScheduledEventLiveGauge(s.Store, Options.Create(new PortalOptions { ScheduledEventWindowMinutes = 180 }), clock,
            NullLogger<ScheduledEventLiveGauge>.Instance);

        await gauge.RefreshAsync(s_ct);
        var text = await ScrapeAsync();
        Assert.Contains($"sportall_scheduled_event_live{{tenant=\"{slug}\",stream=\"{slug}-a\"}} 1", text);
        Assert.Contains($"sportall_scheduled_event_live{{tenant=\"{slug}\",stream=\"{slug}-b\"}} 1", text);

        // Eleven minutes later b's window is over: its series goes, a's stays.
        clock.Now = s_now.AddMinutes(11);
        await gauge.RefreshAsync(s_ct);
        text = await ScrapeAsync();
        Assert.Contains($"sportall_scheduled_event_live{{tenant=\"{slug}\",stream=\"{slug}-a\"}} 1", text);
        Assert.DoesNotContain($"stream=\"{slug}-b\"", text);
        Assert.Equal([new ScheduledLiveEvent(slug, slug + "-a")], gauge.Exported);
    }

    private static async Task SeedAsync(ICatalogStore store, string slug, string tenantId, params (string Name, EventStatus Status, double StartMinutes)[] events)
    {
        await store.SaveTenantAsync(new Tenant { Id = tenantId, Slug = slug, Name = slug, UpdatedAt = s_now }, s_ct);
        foreach (var (name, status, start) in events)
        {
            await store.SaveEventAsync(new SportEvent
            {
                Id = name, TenantId = tenantId, Title = name, PlaybackName = name, Status = status,
                ScheduledStart = s_now.AddMinutes(start), UpdatedAt = s_now,
            }, s_ct);
        }
    }

    private static async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream, s_ct);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class ManualClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }
}
