using System.Net;
using Sportall.MediaServer.Hosting;

namespace Sportall.MediaServer.Edge;

/// <summary>The host of the edge role alone (Server:Roles = edge): HTTP only, no ingest or packager.</summary>
internal static class EdgeHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BoundEndpoints>();
        services.AddEdge(builder.Configuration);
        services.AddServiceDefaults(builder.Configuration);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var server = context.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
            var endpoints = kestrel.ApplicationServices.GetRequiredService<BoundEndpoints>();
            kestrel.Listen(IPAddress.Parse(server.BindAddress), server.HttpPort, listen => endpoints.Http = listen);
        });

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapEdge();
        return app;
    }
}
