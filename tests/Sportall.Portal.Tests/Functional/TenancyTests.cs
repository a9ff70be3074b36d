using System.Net;
using Sportall.Portal.Tests.Infrastructure;

namespace Sportall.Portal.Tests.Functional;

public sealed class TenancyTests : IAsyncLifetime
{
    private PortalTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PortalTestHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task HostNameResolvesItsTenantAndWearsItsBranding()
    {
        await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000", "alpine.example");
        await _host.CreateTenantAsync("nordic", "Nordic Club", "#00aa00", "nordic.example");

        var html = await _host.Client("alpine.example").GetStringAsync("/");
        Assert.Contains("<h1>Alpine Federation</h1>", html);
        Assert.Contains("--primary: #aa0000", html);
        Assert.DoesNotContain("Nordic", html);
        // Links stay on the tenant's own host: no prefix.
        Assert.Contains("href=\"/schedule\"", html);
    }

    [Fact]
    public async Task PathPrefixResolvesItsTenantAndLinksKeepThePrefix()
    {
        await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000");
        var html = await _host.Client().GetStringAsync("/t/alpine/");
        Assert.Contains("<h1>Alpine Federation</h1>", html);
        Assert.Contains("href=\"/t/alpine/schedule\"", html);

        var schedule = await _host.Client().GetAsync("/t/alpine/schedule");
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
    }

    [Fact]
    public async Task UnknownSlugIsNotFoundAndNoTenantShowsThePlatformList()
    {
        await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000");
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client().GetAsync("/t/nobody/")).StatusCode);
        var platform = await _host.Client().GetStringAsync("/");
        Assert.Contains("href=\"/t/alpine/\"", platform);
        // Tenant-only pages have nothing to show without a tenant.
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client().GetAsync("/schedule")).StatusCode);
    }

    [Fact]
    public async Task HostMatchWinsOverAPrefixOfAnotherTenant()
    {
        await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000", "alpine.example");
        await _host.CreateTenantAsync("nordic", "Nordic Club", "#00aa00");
        var response = await _host.Client("alpine.example").GetAsync("/t/nordic/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Nordic Club", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CachedPagesNeverCrossTenantsAndEditsEvictThem()
    {
        var alpine = await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000", "alpine.example");
        await _host.CreateTenantAsync("nordic", "Nordic Club", "#00aa00", "nordic.example");

        var first = await _host.Client("alpine.example").GetAsync("/");
        var second = await _host.Client("alpine.example").GetAsync("/");
        // The output cache answers the second request (it adds Age to what it serves).
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);

        foreach (var (client, path) in new[] { (_host.Client("nordic.example"), "/"), (_host.Client(), "/t/nordic/") })
        {
            var html = await client.GetStringAsync(path);
            Assert.Contains("Nordic Club", html);
            Assert.DoesNotContain("Alpine", html);
        }

        alpine.Name = "Alpine Federation Renamed";
        await _host.Editor.SaveTenantAsync(alpine, CancellationToken.None);
        Assert.Contains("Alpine Federation Renamed", await _host.Client("alpine.example").GetStringAsync("/"));
        Assert.Contains("Alpine Federation Renamed", await _host.Client().GetStringAsync("/t/alpine/"));
    }

    [Fact]
    public async Task EventOfAnotherTenantIsNotFoundOnPublicPages()
    {
        var alpine = await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000");
        await _host.CreateTenantAsync("nordic", "Nordic Club", "#00aa00");
        var e = await _host.CreateEventAsync(alpine, "Downhill");
        Assert.Equal(HttpStatusCode.OK, (await _host.Client().GetAsync($"/t/alpine/events/{e.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client().GetAsync($"/t/nordic/events/{e.Id}")).StatusCode);
    }

    [Fact]
    public async Task LanguageComesFromChoiceThenBrowserThenTenantDefault()
    {
        var alpine = await _host.CreateTenantAsync("alpine", "Alpine Federation", "#aa0000");
        alpine.DefaultCulture = "fr";
        await _host.Editor.SaveTenantAsync(alpine, CancellationToken.None);

        Assert.Contains(">Programme<", await _host.Client().GetStringAsync("/t/alpine/"));

        var english = new HttpRequestMessage(HttpMethod.Get, "/t/alpine/");
        english.Headers.AcceptLanguage.ParseAdd("en-GB");
        Assert.Contains(">Schedule<", await (await _host.Client().SendAsync(english)).Content.ReadAsStringAsync());

        // The switcher's cookie beats the browser.
        var client = _host.Client();
        var switched = await client.GetAsync("/t/alpine/culture?c=fr&returnUrl=%2Ft%2Falpine%2F");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/t/alpine/", switched.Headers.Location?.ToString());
        var french = new HttpRequestMessage(HttpMethod.Get, "/t/alpine/");
        french.Headers.AcceptLanguage.ParseAdd("en-GB");
        Assert.Contains(">Programme<", await (await client.SendAsync(french)).Content.ReadAsStringAsync());

        // The switcher never redirects off the site.
        var offsite = await client.GetAsync("/culture?c=en&returnUrl=%2F%2Fevil.example%2F");
        Assert.Equal("/", offsite.Headers.Location?.ToString());
    }
}
