using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Prometheus;

namespace Sportall.MediaServer.Hosting;

/// <summary>Health checks, metrics, traces and logging in one place, used by every role of the host.</summary>
public static class ServiceDefaults
{
    public static IServiceCollection AddServiceDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks();
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
