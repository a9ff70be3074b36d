using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sportall.MediaServer.Hosting;
using Sportall.Packager.Live;
using Sportall.Packager.Tests.Hls;

namespace Sportall.Interop.Tests.Edge;

/// <summary>The all-in-one host as the origin of edge tests, with its requests counted per edge.</summary>
public sealed class OriginNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataPath;
    private bool _stopped;

    private OriginNode(WebApplication app, string dataPath, OriginRequestLog log)
    {
        _app = app;
        _dataPath = dataPath;
        Requests = log;
        var endpoints = app.Services.GetRequiredService<BoundEndpoints>();
        BaseUri = new Uri($"http://127.0.0.1:{endpoints.HttpPort}/");
        RtmpPort = endpoints.RtmpPort;
    }

    public Uri BaseUri { get; }
    public int RtmpPort { get; }
    public OriginRequestLog Requests { get; }
    public LiveStreamRegistry Registry => _app.Services.GetRequiredService<LiveStreamRegistry>();

    public static async Task<OriginNode> StartAsync()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "sportall-origin-" + Guid.NewGuid().ToString("N"));
        var log = new OriginRequestLog();
        var app = SportallHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Server:BindAddress"] = "127.0.0.1",
                ["Server:HttpPort"] = "0",
                ["Ingest:RtmpPort"] = "0",
                ["Ingest:SrtPort"] = "0",
                ["Packager:DataPath"] = dataPath,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton<IStartupFilter>(log);
        });
        await app.StartAsync();
        return new OriginNode(app, dataPath, log);
    }

    /// <summary>A hand-built stream (video + audio, 2 s segments of four 0.5 s parts) published under <paramref name="name"/>.</summary>
    internal (PackagedStream Stream, SnapshotBuilder Builder) Synthetic(string name)
    {
        var stream = Registry.GetOrAdd(name);
        var builder = new SnapshotBuilder();
        return (stream, builder);
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_dataPath, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
