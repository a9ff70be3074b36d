using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Prometheus;

namespace Sportall.MediaServer.Hosting;

/// <summary>Health checks, metrics, traces, logging and Kestrel's pipe memory in one place, used by every role of the host.</summary>
public static class ServiceDefaults
{
    // prometheus-net republishes every System.Diagnostics.Metrics instrument by default, one labelled lookup
    // under a lock per measurement. Kestrel's memory pool meter records one measurement per 4 KiB block
    // rented, i.e. hundreds per large response and one per socket read: on the edge that was most of the
    // managed CPU of serving an 800 KB segment (bench/edge, perf). Hosting and routing meters record per
    // request what UseHttpMetrics already counts. Only meters with low-frequency instruments are exported.
    private static readonly HashSet<string> s_exportedMeters = new(StringComparer.Ordinal)
    {
        "System.Runtime",                        // GC, thread pool, exceptions (observable, read at scrape)
        "Microsoft.AspNetCore.Server.Kestrel",   // connections: one measurement per connection, not per request
    };

    static ServiceDefaults() =>
        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = instrument => s_exportedMeters.Contains(instrument.Meter.Name));

    public static IServiceCollection AddServiceDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks();
        // Kestrel's connections (HTTP and RTMP) take their pipe blocks from here: 64 KiB instead of 4 KiB.
        services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        services.AddSportallTracing(configuration);
        return services;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseHttpMetrics();
        // Liveness: the process answers. Readiness: the same for now; roles add checks tagged "ready".
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapMetrics("/metrics");
        return app;
    }
}
