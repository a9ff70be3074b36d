using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;
using Sportall.Portal.Hosting;

namespace Sportall.Portal.Tests.Infrastructure;

/// <summary>The portal alone on a TestServer, with its own data folder and helpers to seed and sign in.</summary>
public sealed partial class PortalTestHost : IAsyncDisposable
{
    public const string AdminEmail = "admin@platform.example";
    public const string Password = "correct-horse-battery";

    private readonly WebApplication _app;

    private PortalTestHost(WebApplication app, string dataPath)
    {
        _app = app;
        DataPath = dataPath;
    }

    public string DataPath { get; }
    public IServiceProvider Services => _app.Services;
    public CatalogEditor Editor => Services.GetRequiredService<CatalogEditor>();
    public ICatalogStore Store => Services.GetRequiredService<ICatalogStore>();
    public TestServer Server => _app.GetTestServer();

    public static async Task<PortalTestHost> StartAsync(IDictionary<string, string?>? settings = null, bool withAdmin = true)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "sportall-portal-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["Portal:DataPath"] = dataPath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (withAdmin)
        {
            all["Portal:AdminEmail"] = AdminEmail;
            all["Portal:AdminPassword"] = Password;
        }
        if (settings is not null)
        {
            foreach (var (k, v) in settings) all[k] = v;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        builder.Services.AddSportallPortal(builder.Configuration);
        var app = builder.Build();
        app.MapSportallPortal();
        await app.StartAsync();
        return new PortalTestHost(app, dataPath);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, addressed to the given host name.</summary>
    public HttpClient Client(string host = "localhost")
    {
        var cookies = new CookieContainerHandler { InnerHandler = Server.CreateHandler() };
        return new HttpClient(cookies) { BaseAddress = new Uri($"http://{host}/") };
    }

    public async Task<Tenant> CreateTenantAsync(string slug, string name, string color, params string[] hosts)
    {
        var tenant = new Tenant { Slug = slug, Name = name, PrimaryColor = color, Hosts = [.. hosts] };
        await Editor.SaveTenantAsync(tenant, CancellationToken.None);
        return tenant;
    }

    public async Task<SportEvent> CreateEventAsync(Tenant tenant, string title, DateTime? start = null, bool withKey = false)
    {
        var e = new SportEvent
        {
            TenantId = tenant.Id, Title = title, Sport = "Ski", Competition = "Cup",
            ScheduledStart = start ?? DateTime.UtcNow.AddDays(1),
        };
        await Editor.SaveEventAsync(e, CancellationToken.None);
        return withKey ? (await Editor.RotateStreamKeyAsync(tenant.Id, e.Id, CancellationToken.None))! : e;
    }

    public async Task<PortalUser> CreateUserAsync(string email, string? tenantId, string role)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { Email = email, TenantId = tenantId, Roles = [role] };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>The anti-forgery token of the first form on a page.</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"{path} has no anti-forgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IDictionary<string, string> fields, string? tokenFrom = null)
    {
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = await FormTokenAsync(client, tokenFrom ?? path),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/account/signin", new Dictionary<string, string> { ["email"] = email, ["password"] = password });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
