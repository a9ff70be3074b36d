using Microsoft.Playwright;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.Portal.Tests.Infrastructure;
using Sportall.Portal.Tests.Interop;

namespace Sportall.Portal.Tests.Browser;

/// <summary>
/// The README walkthrough in Chromium against the all-in-one host: the platform admin signs in, creates a
/// federation with its colours and logo, creates an event, generates its key, an encoder (ffmpeg)
/// publishes with it, and the federation's branded event page plays the live; then French.
/// The screenshot is kept under artifacts/portal/ (CI keeps it).
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class WalkthroughBrowserTests
{
    private const string AdminEmail = "admin@platform.example";
    private const string AdminPassword = "correct-horse-battery";
    // Generous: CI machines have 2 cores, shared by the encoder, the server and Chromium.
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AdminCreatesAFederationAndFansWatchItsBrandedLive()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ingest:RequireStreamKey"] = "true",
            ["Ingest:SrtEnabled"] = "false",
            ["Portal:AdminEmail"] = AdminEmail,
            ["Portal:AdminPassword"] = AdminPassword,
        });
        var artifacts = ArtifactsFolder();
        var logo = Path.Combine(server.DataPath, "logo.png");
        Directory.CreateDirectory(server.DataPath);
        var (logoExit, logoOutput) = await ExternalProcess.RunAsync("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=0xffd166:s=96x48", "-frames:v", "1", logo], s_deadline);
        Assert.True(logoExit == 0, logoOutput);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseUri.ToString(), Locale = "en-GB" });
        page.SetDefaultTimeout((float)s_deadline.TotalMilliseconds);

        // Sign in as the platform admin created from configuration.
        await page.GotoAsync("/account/signin");
        await page.FillAsync("#email", AdminEmail);
        await page.FillAsync("#password", AdminPassword);
        await page.ClickAsync("main button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"), new PageAssertionsToHaveURLOptions { Timeout = (float)s_deadline.TotalMilliseconds });

        // A federation with its colours and logo.
        await page.ClickAsync("a[href='/admin/tenants/new']");
        await page.FillAsync("#name", "Fédération Alpine");
        await page.FillAsync("#slug", "alpine");
        await page.FillAsync("#primary", "#cc0033");
        await page.FillAsync("#accent", "#ffd166");
        await page.SelectOptionAsync("#culture", "en");
        await page.FillAsync("#footer", "Rules|https://alpine.example/rules");
        await page.SetInputFilesAsync("#logo", logo);
        await page.ClickAsync("main button[type=submit]");
        // Expect polls the page's URL until it matches: it does not depend on seeing the navigation event,
        // which a redirect that lands before the wait starts can make it miss.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/tenants/[0-9a-f]+\\?saved=true$"),
            new PageAssertionsToHaveURLOptions { Timeout = (float)s_deadline.TotalMilliseconds });
        var tenantId = new Uri(page.Url).Segments[^1];

        // An event, and its stream key.
        await page.GotoAsync($"/admin/tenants/{tenantId}/events");
        await page.FillAsync("#title", "Freeride Verbier");
        await page.FillAsync("#sport", "Freeride");
        await page.FillAsync("#competition", "FWT");
        await page.ClickAsync("main button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/admin/tenants/{tenantId}/events/[^/?]+$"), new PageAssertionsToHaveURLOptions { Timeout = (float)s_deadline.TotalMilliseconds });
        var eventId = new Uri(page.Url).Segments[^1];
        await page.ClickAsync("#generate-key");
        var key = (await page.Locator("#stream-key").TextContentAsync())!.Trim();
        Assert.StartsWith("sk", key);

        // A fan opens the federation's event page before the encoder starts; it reloads itself when the event goes live.
        var fan = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseUri.ToString(), Locale = "en-GB" });
        fan.SetDefaultTimeout((float)s_deadline.TotalMilliseconds);
        await fan.GotoAsync($"/t/alpine/events/{eventId}");
        Assert.Equal("rgb(204, 0, 51)", await fan.EvaluateAsync<string>("getComputedStyle(document.querySelector('header.site')).backgroundColor"));
        Assert.True(await fan.EvaluateAsync<bool>("document.querySelector('header.site .brand img').naturalWidth === 96"));

        await using var push = ExternalProcess.Start("ffmpeg", CatalogKeyPublishTests.Push(server.RtmpUrl(key), seconds: 120));
        try
        {
            await fan.WaitForSelectorAsync(".badge.live");
            await fan.WaitForFunctionAsync("() => { const v = document.querySelector('#player'); return v && v.currentTime > 1; }");
            await fan.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "branded-event-page.png"), FullPage = true });
        }
        finally
        {
            push.Kill();
        }

        // The language switcher.
        await fan.ClickAsync("a[lang=fr]");
        await fan.WaitForSelectorAsync("nav >> text=Programme");
        Assert.Equal("fr", await fan.EvaluateAsync<string>("document.documentElement.lang"));
        await fan.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "branded-event-page-fr.png") });
    }

    private static string ArtifactsFolder()
    {
        var folder = Environment.GetEnvironmentVariable("SPORTALL_ARTIFACTS");
        if (string.IsNullOrEmpty(folder))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sportall.sln"))) dir = dir.Parent;
            folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts");
        }
        folder = Path.Combine(folder, "portal");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
