using Sportall.Portal.Catalog;

namespace Sportall.Portal.Tests.Catalog;

/// <summary>One behaviour for both catalog stores: every test runs against each store of <see cref="CatalogStores.All"/>.</summary>
public sealed class CatalogStoreConformanceTests
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    // Both stores keep dates to the millisecond, in UTC.
    private static readonly DateTime s_start = new(2026, 3, 14, 9, 30, 15, 123, DateTimeKind.Utc);

    public static TheoryData<string> Stores => CatalogStores.All;

    [MongoFact]
    public async Task MongoDbStoreIsReachable()
    {
        await using var store = await CatalogStores.CreateAsync(CatalogStores.MongoDb);
        Assert.Empty(await store.Store.ListTenantsAsync(s_ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task TenantRoundTripsEveryField(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        var tenant = Tenant("alpine", "Fédération Alpine", ["ski.example", "www.ski.example"]);
        tenant.FooterLinks = [new FooterLink { Text = "Mentions légales", Url = "https://ski.example/legal" }];
        tenant.Logo = new BrandImage { ContentType = "image/png", Bytes = [0x89, 0x50, 0x4E, 0x47, 0, 255], Version = "abc" };
        tenant.DefaultCulture = "fr";
        tenant.UpdatedAt = s_start;
        await s.Store.SaveTenantAsync(tenant, s_ct);

        var read = await s.Store.GetTenantAsync(tenant.Id, s_ct);
        Assert.NotNull(read);
        Assert.Equal(("alpine", "Fédération Alpine", "fr", "#112233", "#445566"), (read.Slug, read.Name, read.DefaultCulture, read.PrimaryColor, read.AccentColor));
        Assert.Equal(["ski.example", "www.ski.example"], read.Hosts);
        Assert.Equal("https://ski.example/legal", Assert.Single(read.FooterLinks).Url);
        Assert.Equal(tenant.Logo.Bytes, read.Logo!.Bytes);
        Assert.Null(read.Favicon);
        Assert.Equal(s_start, read.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, read.UpdatedAt.Kind);
        Assert.Equal(CatalogSchema.Tenant, read.SchemaVersion);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task StringsRoundTripAsGiven(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        var e = Event("t1", "  padded  ", s_start, "pb-1", null);
        e.Venue = "";
        await s.Store.SaveEventAsync(e, s_ct);
        var read = await s.Store.GetEventAsync("t1", e.Id, s_ct);
        Assert.Equal(("  padded  ", "", (string?)null), (read!.Title, read.Venue, read.StreamKey));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task TenantSlugsAndHostsAreUnique(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        await s.Store.SaveTenantAsync(Tenant("one", "One", ["one.example"]), s_ct);
        // Tenants without a host name do not collide with each other.
        await s.Store.SaveTenantAsync(Tenant("two", "Two", []), s_ct);
        await s.Store.SaveTenantAsync(Tenant("three", "Three", []), s_ct);

        await Assert.ThrowsAsync<CatalogConflictException>(() => s.Store.SaveTenantAsync(Tenant("one", "Copy", []), s_ct));
        await Assert.ThrowsAsync<CatalogConflictException>(() => s.Store.SaveTenantAsync(Tenant("four", "Four", ["one.example"]), s_ct));
        Assert.Equal(["One", "Three", "Two"], (await s.Store.ListTenantsAsync(s_ct)).Select(t => t.Name));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task EventsAreReadOnlyThroughTheirTenant(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        var e = Event("t1", "Freeride", s_start, "pb-1", "key-1");
        await s.Store.SaveEventAsync(e, s_ct);

        Assert.NotNull(await s.Store.GetEventAsync("t1", e.Id, s_ct));
        Assert.Null(await s.Store.GetEventAsync("t2", e.Id, s_ct));
        Assert.False(await s.Store.DeleteEventAsync("t2", e.Id, s_ct));
        Assert.NotNull(await s.Store.GetEventAsync("t1", e.Id, s_ct));
        Assert.True(await s.Store.DeleteEventAsync("t1", e.Id, s_ct));
        Assert.Null(await s.Store.GetEventAsync("t1", e.Id, s_ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task EventsListByWindowInStartOrder(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        await s.Store.SaveEventAsync(Event("t1", "Day 3", s_start.AddDays(2), "pb-3", null), s_ct);
        await s.Store.SaveEventAsync(Event("t1", "Day 1", s_start, "pb-1", null), s_ct);
        await s.Store.SaveEventAsync(Event("t1", "Day 2", s_start.AddDays(1), "pb-2", null), s_ct);
        await s.Store.SaveEventAsync(Event("t2", "Other tenant", s_start.AddDays(1), "pb-x", null), s_ct);

        Assert.Equal(["Day 1", "Day 2", "Day 3"], (await s.Store.ListEventsAsync("t1", new EventQuery(), s_ct)).Select(e => e.Title));
        // [from, to): the lower bound is inclusive, the upper one exclusive.
        Assert.Equal(["Day 2"], (await s.Store.ListEventsAsync("t1", new EventQuery(s_start.AddDays(1), s_start.AddDays(2)), s_ct)).Select(e => e.Title));
        Assert.Equal(["Day 1", "Day 2"], (await s.Store.ListEventsAsync("t1", new EventQuery(Limit: 2), s_ct)).Select(e => e.Title));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task EventsAreFoundByKeyAndPlaybackName(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        var keyed = Event("t1", "Keyed", s_start, "pb-keyed", "sk-secret");
        await s.Store.SaveEventAsync(keyed, s_ct);
        await s.Store.SaveEventAsync(Event("t1", "Keyless", s_start, "pb-keyless", null), s_ct);

        Assert.Equal(keyed.Id, (await s.Store.FindEventByStreamKeyAsync("sk-secret", s_ct))?.Id);
        Assert.Null(await s.Store.FindEventByStreamKeyAsync("pb-keyed", s_ct));
        Assert.Equal(keyed.Id, (await s.Store.FindEventByPlaybackNameAsync("pb-keyed", s_ct))?.Id);
        Assert.Equal(["Keyed"], (await s.Store.ListEventsWithStreamKeysAsync(s_ct)).Select(e => e.Title));

        keyed.StreamKey = "sk-rotated";
        keyed.Status = EventStatus.Postponed;
        await s.Store.SaveEventAsync(keyed, s_ct);
        Assert.Null(await s.Store.FindEventByStreamKeyAsync("sk-secret", s_ct));
        var read = await s.Store.FindEventByStreamKeyAsync("sk-rotated", s_ct);
        Assert.Equal(EventStatus.Postponed, read?.Status);

        await Assert.ThrowsAsync<CatalogConflictException>(() => s.Store.SaveEventAsync(Event("t2", "Clash", s_start, "pb-keyed", null), s_ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ReplaysFilterAndPage(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        for (var i = 0; i < 5; i++)
        {
            await s.Store.SaveReplayAsync(Replay("t1", $"a{i}", $"Slalom run {i}", "Ski", "World Cup", s_start.AddDays(i), published: true), s_ct);
        }
        await s.Store.SaveReplayAsync(Replay("t1", "b", "Freeride Verbier", "Freeride", "FWT", s_start.AddDays(10), published: true), s_ct);
        await s.Store.SaveReplayAsync(Replay("t1", "c", "Draft", "Ski", "World Cup", s_start.AddDays(11), published: false), s_ct);
        await s.Store.SaveReplayAsync(Replay("t2", "d", "Other tenant slalom", "Ski", "World Cup", s_start, published: true), s_ct);

        var all = await s.Store.QueryReplaysAsync("t1", new ReplayQuery(), s_ct);
        Assert.Equal(6, all.Total);
        Assert.Equal("Freeride Verbier", all.Items[0].Title);

        var page2 = await s.Store.QueryReplaysAsync("t1", new ReplayQuery(Sport: "Ski", Page: 2, PageSize: 2), s_ct);
        Assert.Equal(5, page2.Total);
        Assert.Equal(["Slalom run 2", "Slalom run 1"], page2.Items.Select(r => r.Title));

        Assert.Equal(["Freeride Verbier"], (await s.Store.QueryReplaysAsync("t1", new ReplayQuery(Text: "VERBIER"), s_ct)).Items.Select(r => r.Title));
        Assert.Equal(1, (await s.Store.QueryReplaysAsync("t1", new ReplayQuery(Competition: "FWT"), s_ct)).Total);
        // Regex metacharacters in the search text are literal.
        Assert.Equal(0, (await s.Store.QueryReplaysAsync("t1", new ReplayQuery(Text: "run .*"), s_ct)).Total);
        var window = await s.Store.QueryReplaysAsync("t1", new ReplayQuery(FromUtc: s_start.AddDays(1), ToUtc: s_start.AddDays(3)), s_ct);
        Assert.Equal(["Slalom run 2", "Slalom run 1"], window.Items.Select(r => r.Title));
        Assert.Equal(7, (await s.Store.QueryReplaysAsync("t1", new ReplayQuery(PublishedOnly: false), s_ct)).Total);
        Assert.Equal(["a3"], (await s.Store.QueryReplaysAsync("t1", new ReplayQuery(EventId: "event-a3"), s_ct)).Items.Select(r => r.AssetId));

        var byAsset = await s.Store.FindReplayByAssetIdAsync("b", s_ct);
        Assert.Equal("Freeride Verbier", byAsset?.Title);
        Assert.Null(await s.Store.GetReplayAsync("t2", byAsset!.Id, s_ct));
        await Assert.ThrowsAsync<CatalogConflictException>(() => s.Store.SaveReplayAsync(Replay("t1", "b", "Duplicate asset", "", "", s_start, true), s_ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task UsersAreUniqueByEmailAndListedPerTenant(string kind)
    {
        await using var s = await CatalogStores.CreateAsync(kind);
        var lockout = s_start.AddMinutes(15);
        await s.Store.SaveUserAsync(User("ADMIN@PLATFORM.EXAMPLE", null, PortalRoles.PlatformAdmin, lockout), s_ct);
        await s.Store.SaveUserAsync(User("B@ONE.EXAMPLE", "t1", PortalRoles.Editor, null), s_ct);
        await s.Store.SaveUserAsync(User("A@ONE.EXAMPLE", "t1", PortalRoles.TenantAdmin, null), s_ct);

        Assert.True(await s.Store.AnyUserInRoleAsync(PortalRoles.PlatformAdmin, s_ct));
        Assert.False(await s.Store.AnyUserInRoleAsync("nobody", s_ct));
        Assert.Equal(["A@ONE.EXAMPLE", "B@ONE.EXAMPLE"], (await s.Store.ListUsersAsync("t1", s_ct)).Select(u => u.NormalizedEmail));
        Assert.Equal(3, (await s.Store.ListUsersAsync(null, s_ct)).Count);

        var admin = await s.Store.FindUserByNormalizedEmailAsync("ADMIN@PLATFORM.EXAMPLE", s_ct);
        Assert.Equal(lockout, admin?.LockoutEndUtc);
        Assert.Equal([PortalRoles.PlatformAdmin], admin!.Roles);
        await Assert.ThrowsAsync<CatalogConflictException>(() => s.Store.SaveUserAsync(User("A@ONE.EXAMPLE", "t2", PortalRoles.Editor, null), s_ct));
        Assert.True(await s.Store.DeleteUserAsync(admin.Id, s_ct));
        Assert.Null(await s.Store.GetUserAsync(admin.Id, s_ct));
        Assert.False(await s.Store.AnyUserInRoleAsync(PortalRoles.PlatformAdmin, s_ct));
    }

    private static Tenant Tenant(string slug, string name, List<string> hosts) =>
        new() { Id = Guid.NewGuid().ToString("N"), Slug = slug, Name = name, Hosts = hosts, PrimaryColor = "#112233", AccentColor = "#445566" };

    private static SportEvent Event(string tenantId, string title, DateTime start, string playbackName, string? key) =>
        new() { Id = Guid.NewGuid().ToString("N"), TenantId = tenantId, Title = title, ScheduledStart = start, PlaybackName = playbackName, StreamKey = key };

    private static Replay Replay(string tenantId, string assetId, string title, string sport, string competition, DateTime startedAt, bool published)
    {
        var replay = new Replay
        {
            Id = Guid.NewGuid().ToString("N"), TenantId = tenantId, EventId = "event-" + assetId, AssetId = assetId, Title = title,
            Sport = sport, Competition = competition, StartedAt = startedAt, Published = published, HlsUrl = "/vod/" + assetId + "/index.m3u8",
        };
        replay.RefreshSearchText();
        return replay;
    }

    private static PortalUser User(string normalizedEmail, string? tenantId, string role, DateTime? lockoutEnd) =>
        new()
        {
            Id = Guid.NewGuid().ToString("N"), Email = normalizedEmail.ToLowerInvariant(), NormalizedEmail = normalizedEmail,
            TenantId = tenantId, Roles = [role], LockoutEndUtc = lockoutEnd,
        };
}
