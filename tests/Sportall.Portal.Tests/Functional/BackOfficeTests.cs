using System.Net;
using Sportall.MediaServer.Hosting.Portal;
using Sportall.Portal.Catalog;
using Sportall.Portal.Ingest;
using Sportall.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Sportall.Portal.Tests.Functional;

public sealed class BackOfficeTests : IAsyncLifetime
{
    private PortalTestHost _host = null!;
    private Tenant _alpine = null!;
    private Tenant _nordic = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalTestHost.StartAsync();
        _alpine = await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000");
        _nordic = await _host.CreateTenantAsync("nordic", "Nordic Club", "#00aa00");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task BackOfficeNeedsSignIn()
    {
        var response = await _host.Client().GetAsync($"/admin/tenants/{_alpine.Id}/events");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/signin", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task TenantAdminGets403Or404OnAnotherTenantsEventsKeysAndUsers()
    {
        await _host.CreateUserAsync("boss@alpine.example", _alpine.Id, PortalRoles.TenantAdmin);
        var nordicEvent = await _host.CreateEventAsync(_nordic, "Sprint", withKey: true);
        var client = _host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalTestHost.SignInAsync(client, "boss@alpine.example", PortalTestHost.Password)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/tenants/{_alpine.Id}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/admin/tenants/{_nordic.Id}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/admin/tenants/{_nordic.Id}/events/{nordicEvent.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/admin/tenants/{_nordic.Id}/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/admin/tenants/{_nordic.Id}")).StatusCode);
        // Another tenant's event through one's own tenant is simply not there.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/tenants/{_alpine.Id}/events/{nordicEvent.Id}")).StatusCode);

        // Rotating the other tenant's key, with a valid anti-forgery token taken from one's own page.
        var rotate = await PortalTestHost.PostFormAsync(client, $"/admin/tenants/{_nordic.Id}/events/{nordicEvent.Id}?handler=Rotate",
            new Dictionary<string, string>(), tokenFrom: $"/admin/tenants/{_alpine.Id}/events");
        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        var unchanged = await _host.Store.GetEventAsync(_nordic.Id, nordicEvent.Id, CancellationToken.None);
        Assert.Equal(nordicEvent.StreamKey, unchanged?.StreamKey);

        var admin = await client.GetStringAsync("/admin");
        Assert.Contains("Alpine Federation", admin);
        Assert.DoesNotContain("Nordic Club", admin);
    }

    [Fact]
    public async Task StreamKeysAreShownToTheTenantsAdminsOnly()
    {
        await _host.CreateUserAsync("boss@alpine.example", _alpine.Id, PortalRoles.TenantAdmin);
        await _host.CreateUserAsync("editor@alpine.example", _alpine.Id, PortalRoles.Editor);
        var e = await _host.CreateEventAsync(_alpine, "Downhill", withKey: true);
        var page = $"/admin/tenants/{_alpine.Id}/events/{e.Id}";

        var boss = _host.Client();
        await PortalTestHost.SignInAsync(boss, "boss@alpine.example", PortalTestHost.Password);
        Assert.Contains(e.StreamKey!, await boss.GetStringAsync(page));

        var editor = _host.Client();
        await PortalTestHost.SignInAsync(editor, "editor@alpine.example", PortalTestHost.Password);
        var html = await editor.GetStringAsync(page);
        Assert.DoesNotContain(e.StreamKey!, html);
        Assert.DoesNotContain(e.SrtPassphrase!, html);
        var rotate = await PortalTestHost.PostFormAsync(editor, page + "?handler=Rotate", new Dictionary<string, string>(), tokenFrom: page);
        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);

        // The public page shows the playback name, never the key.
        var publicPage = await _host.Client().GetStringAsync($"/t/alpine/events/{e.Id}");
        Assert.DoesNotContain(e.StreamKey!, publicPage);
    }

    [Fact]
    public async Task RotationInvalidatesTheOldKeyAndRevocationTheLast()
    {
        var e = await _host.CreateEventAsync(_alpine, "Downhill", withKey: true);
        var oldKey = e.StreamKey!;
        var validator = new CatalogStreamKeyValidator(_host.Services.GetRequiredService<IStreamKeyLookup>());
        var accepted = await validator.ValidateAsync("live", oldKey, CancellationToken.None);
        Assert.True(accepted.IsAccepted);
        Assert.Equal(e.PlaybackName, accepted.PlaybackName);
        Assert.Equal(e.SrtPassphrase, accepted.SrtPassphrase);
        Assert.NotEqual(oldKey, accepted.PlaybackName);

        var client = _host.Client();
        await PortalTestHost.SignInAsync(client, PortalTestHost.AdminEmail, PortalTestHost.Password);
        var page = $"/admin/tenants/{_alpine.Id}/events/{e.Id}";
        var rotate = await PortalTestHost.PostFormAsync(client, page + "?handler=Rotate", new Dictionary<string, string>(), tokenFrom: page);
        Assert.Equal(HttpStatusCode.Redirect, rotate.StatusCode);

        var newKey = (await _host.Store.GetEventAsync(_alpine.Id, e.Id, CancellationToken.None))!.StreamKey!;
        Assert.NotEqual(oldKey, newKey);
        Assert.False((await validator.ValidateAsync("live", oldKey, CancellationToken.None)).IsAccepted);
        Assert.True((await validator.ValidateAsync("live", newKey, CancellationToken.None)).IsAccepted);
        Assert.Contains(newKey, await client.GetStringAsync(page));

        var revoke = await PortalTestHost.PostFormAsync(client, page + "?handler=Revoke", new Dictionary<string, string>(), tokenFrom: page);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.False((await validator.ValidateAsync("live", newKey, CancellationToken.None)).IsAccepted);
    }

    [Fact]
    public async Task KeysSurviveARestartOfTheDirectory()
    {
        var e = await _host.CreateEventAsync(_alpine, "Downhill", withKey: true);
        var reloaded = new StreamKeyDirectory();
        reloaded.Load(await _host.Store.ListEventsWithStreamKeysAsync(CancellationToken.None));
        Assert.True(reloaded.TryFind(e.StreamKey!, out var entry));
        Assert.Equal((_alpine.Id, e.Id, e.PlaybackName), (entry.TenantId, entry.EventId, entry.PlaybackName));
    }

    [Fact]
    public async Task LockoutReallyFiresAfterRepeatedFailures()
    {
        await _host.CreateUserAsync("boss@alpine.example", _alpine.Id, PortalRoles.TenantAdmin);
        var client = _host.Client();
        for (var i = 0; i < 5; i++)
        {
            var failed = await PortalTestHost.SignInAsync(client, "boss@alpine.example", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        var locked = await PortalTestHost.SignInAsync(client, "boss@alpine.example", PortalTestHost.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);
        var user = await _host.Store.FindUserByNormalizedEmailAsync("BOSS@ALPINE.EXAMPLE", CancellationToken.None);
        Assert.True(user!.LockoutEndUtc > DateTime.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task FormsWithoutAntiForgeryTokenAreRefused()
    {
        var client = _host.Client();
        var signIn = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = PortalTestHost.AdminEmail,
            ["password"] = PortalTestHost.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);

        await PortalTestHost.SignInAsync(client, PortalTestHost.AdminEmail, PortalTestHost.Password);
        var e = await _host.CreateEventAsync(_alpine, "Downhill", withKey: true);
        var rotate = await client.PostAsync($"/admin/tenants/{_alpine.Id}/events/{e.Id}?handler=Rotate", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, rotate.StatusCode);
        Assert.Equal(e.StreamKey, (await _host.Store.GetEventAsync(_alpine.Id, e.Id, CancellationToken.None))!.StreamKey);
    }

    [Fact]
    public async Task EditorPostponesAnEventAndThePublicPageShowsItAtOnce()
    {
        var e = await _host.CreateEventAsync(_alpine, "Freeride Verbier", DateTime.UtcNow.AddDays(2));
        var publicPath = $"/t/alpine/events/{e.Id}";
        Assert.Contains("badge scheduled", await _host.Client().GetStringAsync(publicPath));

        await _host.CreateUserAsync("editor@alpine.example", _alpine.Id, PortalRoles.Editor);
        var editor = _host.Client();
        await PortalTestHost.SignInAsync(editor, "editor@alpine.example", PortalTestHost.Password);
        var page = $"/admin/tenants/{_alpine.Id}/events/{e.Id}";
        var newStart = DateTime.UtcNow.Date.AddDays(5).AddHours(9);
        var save = await PortalTestHost.PostFormAsync(editor, page + "?handler=Save", new Dictionary<string, string>
        {
            ["Form.Title"] = "Freeride Verbier",
            ["Form.ScheduledStart"] = newStart.ToString("yyyy-MM-ddTHH:mm"),
            ["Form.Status"] = "Postponed",
            ["Form.StatusNote"] = "Wind above 80 km/h",
        }, tokenFrom: page);
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);

        var html = await _host.Client().GetStringAsync(publicPath);
        Assert.Contains("badge postponed", html);
        Assert.Contains("Wind above 80 km/h", html);
        Assert.Equal(newStart, (await _host.Store.GetEventAsync(_alpine.Id, e.Id, CancellationToken.None))!.ScheduledStart);
    }

    [Fact]
    public async Task IngestTurnsTheEventLiveThenEndedAndReplaysAreRegistered()
    {
        var e = await _host.CreateEventAsync(_alpine, "Downhill", withKey: true);
        var sink = _host.Services.GetRequiredService<ILiveStatusSink>();
        var publicPath = $"/t/alpine/events/{e.Id}";
        Assert.Contains("badge scheduled", await _host.Client().GetStringAsync(publicPath));

        await sink.PublisherStartedAsync(e.PlaybackName, CancellationToken.None);
        var live = await _host.Client().GetStringAsync(publicPath);
        Assert.Contains("badge live", live);
        Assert.Contains($"data-src=\"/live/{e.PlaybackName}/index.m3u8\"", live);
        Assert.Contains("Downhill", await _host.Client().GetStringAsync("/t/alpine/"));

        await sink.PublisherStoppedAsync(e.PlaybackName, CancellationToken.None);
        Assert.Contains("badge ended", await _host.Client().GetStringAsync(publicPath));

        var registry = _host.Services.GetRequiredService<IReplayRegistry>();
        var replay = await registry.RegisterReplayAsync(e.PlaybackName, "asset-1", DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(42),
            "/vod/asset-1/index.m3u8", null, null, CancellationToken.None);
        Assert.NotNull(replay);
        Assert.Null(await registry.RegisterReplayAsync("no-such-name", "asset-2", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), "/x", null, null, CancellationToken.None));
        var replays = await _host.Client().GetStringAsync("/t/alpine/replays?q=downhill");
        Assert.Contains($"/t/alpine/replays/{replay.Id}", replays);
        Assert.DoesNotContain(replay.Id, await _host.Client().GetStringAsync("/t/nordic/replays"));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client().GetAsync($"/t/nordic/replays/{replay.Id}")).StatusCode);
        // Registering the same asset again updates the one replay.
        await registry.RegisterReplayAsync(e.PlaybackName, "asset-1", DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(43), "/vod/asset-1/index.m3u8", null, null, CancellationToken.None);
        Assert.Equal(1, (await _host.Store.QueryReplaysAsync(_alpine.Id, new ReplayQuery(), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task BrandingAcceptsImagesByContentAndRefusesOthers()
    {
        var client = _host.Client();
        await PortalTestHost.SignInAsync(client, PortalTestHost.AdminEmail, PortalTestHost.Password);
        var page = $"/admin/tenants/{_alpine.Id}";
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

        async Task<HttpResponseMessage> Upload(byte[] logo, string primary)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(await PortalTestHost.FormTokenAsync(client, page)), "__RequestVerificationToken" },
                { new StringContent("Alpine Federation"), "Form.Name" },
                { new StringContent("alpine"), "Form.Slug" },
                { new StringContent(primary), "Form.PrimaryColor" },
                { new StringContent("#00ff00"), "Form.AccentColor" },
                { new StringContent("en"), "Form.DefaultCulture" },
                { new StringContent("Rules|https://alpine.example/rules"), "Form.FooterLinks" },
                { new ByteArrayContent(logo), "logo", "logo.png" },
            };
            return await client.PostAsync(page, form);
        }

        var svg = await Upload("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(), "#123456");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Contains("PNG, JPEG, WebP, GIF or ICO", await svg.Content.ReadAsStringAsync());
        var injected = await Upload(png, "red;}body{display:none");
        Assert.Contains("#rrggbb", await injected.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await Upload(png, "#123456")).StatusCode);
        var logo = await _host.Client().GetAsync("/t/alpine/branding/logo");
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await logo.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client().GetAsync("/t/nordic/branding/logo")).StatusCode);
        var home = await _host.Client().GetStringAsync("/t/alpine/");
        Assert.Contains("--primary: #123456", home);
        Assert.Contains("href=\"https://alpine.example/rules\"", home);
    }
}
