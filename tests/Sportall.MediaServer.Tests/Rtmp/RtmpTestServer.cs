using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sportall.MediaServer.Ingest;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Tests.Rtmp;

// Kestrel on 127.0.0.1, port 0, serving RTMP through the connection handler, as the host does.
internal sealed class RtmpTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RtmpTestServer(WebApplication app, RecordingIngestSink sink, RecordingLoggerProvider logs, int port)
    {
        _app = app;
        Sink = sink;
        Logs = logs;
        Port = port;
    }

    public RecordingIngestSink Sink { get; }
    public RecordingLoggerProvider Logs { get; }
    public int Port { get; }

    public static async Task<RtmpTestServer> StartAsync(Action<IngestOptions>? configure = null, IStreamKeyValidator? validator = null)
    {
        var sink = new RecordingIngestSink();
        var logs = new RecordingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<IRtmpIngestSink>(sink);
        builder.Services.AddSingleton(validator ?? new OpenStreamKeyValidator());
        builder.Services.Configure<IngestOptions>(options => configure?.Invoke(options));
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseConnectionHandler<RtmpConnectionHandler>()));
        var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RtmpTestServer(app, sink, logs, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
