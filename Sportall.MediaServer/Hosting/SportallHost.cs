using System.Net;
using Sportall.MediaServer.Cluster;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sportall.MediaServer.Hosting.Portal;
using Sportall.MediaServer.Hub;
using Sportall.MediaServer.Ingest;
using Sportall.MediaServer.Rtmp;
using Sportall.MediaServer.Srt;
using Sportall.MediaServer.Packaging;
using Sportall.MediaServer.Transcoding;
using Sportall.Packager.Delivery;
using Sportall.Packager.Live;
using Sportall.Packager.Recording;
using Sportall.Packager.Vod;
using Sportall.Portal.Hosting;
using Sportall.Packager.Vod.Uploads;

namespace Sportall.MediaServer.Hosting;

/// <summary>Builds the all-in-one host; tests build it the same way with their own configuration (port 0).</summary>
public static class SportallHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json lives beside the binaries, so the host starts the same from `dotnet run`,
            // a published folder or a test.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        // The edge role runs alone: its /live routes proxy an origin and would shadow a local packager's.
        var media = ServerRoles.Has(builder.Configuration, ServerRoles.Media);
        var portal = ServerRoles.Has(builder.Configuration, ServerRoles.Portal);
        if (ServerRoles.Has(builder.Configuration, ServerRoles.Edge))
        {
            if (media)
            {
                throw new InvalidOperationException("Server:Roles: 'edge' runs in its own process, not beside 'media' (both serve /live).");
            }
            return Edge.EdgeHost.Build(builder);
        }

        var services = builder.Services;
        services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.SectionName));
        services.Configure<IngestOptions>(builder.Configuration.GetSection(IngestOptions.SectionName));
        // SRT binds where the other listeners bind unless Ingest:SrtBindAddress says otherwise.
        if (builder.Configuration[$"{IngestOptions.SectionName}:{nameof(IngestOptions.SrtBindAddress)}"] is null
            && builder.Configuration[$"{ServerOptions.SectionName}:{nameof(ServerOptions.BindAddress)}"] is { } bindAddress)
        {
            services.PostConfigure<IngestOptions>(ingest => ingest.SrtBindAddress = bindAddress);
        }
        services.Configure<PackagerOptions>(builder.Configuration.GetSection(PackagerOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BoundEndpoints>();
        services.AddSingleton<StreamHub>();
        services.AddCluster(builder.Configuration);
        services.AddSingleton<LiveStreamRegistry>();
        if (!media && !portal)
        {
            throw new InvalidOperationException("Server:Roles names no role this process can run: use media, portal and/or edge.");
        }
        if (portal)
        {
            // The portal's catalog answers ingest's key checks (when Ingest:RequireStreamKey=true) and
            // learns when its events go live and end.
            services.AddSportallPortal(builder.Configuration);
            services.AddSingleton<IStreamKeyValidator, CatalogStreamKeyValidator>();
            services.AddSingleton<Sportall.Portal.Catalog.ICatalogCommandObserver, MongoCommandMetrics>();
            services.AddSingleton<ScheduledEventLiveGauge>();
            services.AddHostedService(sp => sp.GetRequiredService<ScheduledEventLiveGauge>());
            if (media)
            {
                services.AddHostedService<HubLiveStatusBridge>();
                services.AddHostedService<RecordingReplayBridge>();
            }
        }
        else if (media && PortalInternalApi.IsConfigured(builder.Configuration))
        {
            // A media node of a split deployment: the same checks and bridges, over the portal's internal API.
            services.AddPortalInternalApiClients(builder.Configuration);
            services.AddHostedService<HubLiveStatusBridge>();
            services.AddHostedService<RecordingReplayBridge>();
        }
        // Open publishing by default; the portal registers the catalog's validator in its place.
        services.TryAddSingleton<IStreamKeyValidator, OpenStreamKeyValidator>();
        if (media)
        {
            services.AddSingleton<IRtmpIngestSink, HubIngestSink>();
            services.AddSingleton<ISrtIngestSink, HubSrtSink>();
            services.AddSingleton<SrtListener>();
            services.AddHostedService(sp => sp.GetRequiredService<SrtListener>());
            // Before the packaging service: hosted services stop in reverse order, so the recorder outlives the feeds.
            services.AddRecording(builder.Configuration);
            services.AddSingleton<LivePackagingService>();
            // After Kestrel's socket transport, so Kestrel asks it first; it binds the RTMP end point only.
            services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory, ReceiveThreadTransportFactory>();
            services.AddHostedService(sp => sp.GetRequiredService<LivePackagingService>());
            services.AddTranscoding(builder.Configuration);
            services.AddVodUploads(builder.Configuration);
        }
        services.AddLivePackagerDelivery();
        services.AddServiceDefaults(builder.Configuration);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var server = context.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
            var endpoints = kestrel.ApplicationServices.GetRequiredService<BoundEndpoints>();
            var address = IPAddress.Parse(server.BindAddress);
            var ingest = context.Configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
            kestrel.Listen(address, server.HttpPort, listen => endpoints.Http = listen);
            if (media)
            {
                kestrel.Listen(new ReceiveThreadEndPoint(address, ingest.RtmpPort), listen =>
                {
                    endpoints.Rtmp = listen;
                    listen.UseConnectionHandler<RtmpConnectionHandler>();
                });
            }
        });

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapFrontEndPackages();
        if (portal)
        {
            app.MapLiveIndexPage("/streams");
            app.MapSportallPortal();
        }
        else
        {
            app.MapLiveIndexPage();
        }
        if (media)
        {
            app.MapLivePackager();
            app.MapTranscoding();
            app.MapVod();
            app.MapReplaysApi();
            app.MapVodUploads();
        }
        return app;
    }
}
