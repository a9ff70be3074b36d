using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sportall.MediaServer.Hosting;

namespace Sportall.Interop.Tests.Infrastructure;

/// <summary>The all-in-one host started in the test process on free loopback ports with its own data folder.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BoundEndpoints _endpoints;

    private RunningServer(WebApplication app, string dataPath)
    {
        _app = app;
        DataPath = dataPath;
        var endpoints = app.Services.GetRequiredService<BoundEndpoints>();
        HttpPort = endpoints.HttpPort;
        _endpoints = endpoints;
        BaseUri = new Uri($"http://127.0.0.1:{HttpPort}/");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataPath { get; }
    public int HttpPort { get; }
    public int RtmpPort => _endpoints.RtmpPort;
    public Uri BaseUri { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    public string RtmpUrl(string key) => $"rtmp://127.0.0.1:{RtmpPort}/live/{key}";

    public static async Task<RunningServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "sportall-test-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["Server:BindAddress"] = "127.0.0.1",
            ["Server:HttpPort"] = "0",
            ["Ingest:RtmpPort"] = "0",
            ["Packager:DataPath"] = dataPath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings) all[key] = value;
        }
        var app = SportallHost.Build([], builder => builder.Configuration.AddInMemoryCollection(all));
        await app.StartAsync();
        return new RunningServer(app, dataPath);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was spilled to disk.
        }
    }
}
