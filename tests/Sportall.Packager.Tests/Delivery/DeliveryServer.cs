using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sportall.Packager.Delivery;
using Sportall.Packager.Live;
using Sportall.Packager.Tests.Hls;

namespace Sportall.Packager.Tests.Delivery;

/// <summary>Kestrel on 127.0.0.1:0 serving <see cref="LivePackagerEndpoints"/> over a registry the test fills.</summary>
internal sealed class DeliveryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _blockingRequestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DeliveryServer(WebApplication app, LiveStreamRegistry registry, Uri baseAddress)
    {
        _app = app;
        Registry = registry;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LiveStreamRegistry Registry { get; }

    public HttpClient Client { get; }

    /// <summary>Completes when a request with _HLS_msn (or for a part) reached the server.</summary>
    public Task WaitingRequestArrived => _blockingRequestArrived.Task;

    public static async Task<DeliveryServer> StartAsync(Action<LiveDeliveryOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var registry = new LiveStreamRegistry();
        builder.Services.AddSingleton(registry);
        builder.Services.Configure<PackagerOptions>(o =>
        {
            o.SegmentTargetMs = HlsScenarios.Options.SegmentTargetMs;
            o.PartTargetMs = HlsScenarios.Options.PartTargetMs;
            o.LiveWindowSeconds = HlsScenarios.Options.LiveWindowSeconds;
        });
        builder.Services.AddLivePackagerDelivery(configure);
        var app = builder.Build();
        DeliveryServer? server = null;
        app.Use(async (context, next) =>
        {
            if (context.Request.Query.ContainsKey("_HLS_msn") || context.Request.Path.Value!.Contains("/part-", StringComparison.Ordinal))
            {
                server!._blockingRequestArrived.TrySetResult();
            }
            await next(context);
        });
        app.MapLivePackager();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new DeliveryServer(app, registry, new Uri(address));
        return server;
    }

    /// <summary>Registers a stream backed by a fake source holding everything of <paramref name="snapshot"/>.</summary>
    public (PackagedStream Stream, FakeSegmentSource Source) AddStream(string name, StreamSnapshot snapshot)
    {
        var stream = Registry.GetOrAdd(name);
        var source = new FakeSegmentSource();
        stream.Source = source;
        source.AddFrom(snapshot);
        stream.Publish(snapshot);
        return (stream, source);
    }

    public void ResetWaitingSignal() =>
        _blockingRequestArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
