using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sportall.MediaServer.Hosting;

namespace Sportall.Interop.Tests.Edge;

/// <summary>One host started in the test process with Server:Roles=edge on a free loopback port.</summary>
public sealed class EdgeNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EdgeNode(WebApplication app, string name)
    {
        _app = app;
        Name = name;
        var port = app.Services.GetRequiredService<BoundEndpoints>().HttpPort;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }
    public Uri BaseUri { get; }
    public HttpClient Http { get; }

    public static async Task<EdgeNode> StartAsync(string name, Uri? origin, string? redis = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Server:Roles"] = "edge",
            ["Server:BindAddress"] = "127.0.0.1",
            ["Server:HttpPort"] = "0",
            ["Edge:Name"] = name,
            ["Edge:Redis"] = redis,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (origin is not null)
        {
            all["Edge:Origins:0"] = origin.ToString();
        }
        if (settings is not null)
        {
            foreach (var (key, value) in settings) all[key] = value;
        }
        var app = SportallHost.Build([], builder => builder.Configuration.AddInMemoryCollection(all));
        await app.StartAsync();
        return new EdgeNode(app, name);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
