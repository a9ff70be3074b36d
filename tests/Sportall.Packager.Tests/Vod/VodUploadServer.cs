using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sportall.Packager.Vod.Uploads;

namespace Sportall.Packager.Tests.Vod;

/// <summary>Kestrel on 127.0.0.1:0 with the upload and clip APIs over a file system store in a temp folder.</summary>
internal sealed class VodUploadServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VodUploadServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<VodUploadServer> StartAsync(string storeRoot, long maxUploadBytes = long.MaxValue, string? workPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Storage:RootPath"] = storeRoot;
        builder.Configuration["VodUploads:MaxUploadBytes"] = maxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (workPath is not null) builder.Configuration["VodUploads:WorkPath"] = workPath;
        builder.Services.AddVodUploads(builder.Configuration);
        var app = builder.Build();
        app.MapVodUploads();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VodUploadServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
