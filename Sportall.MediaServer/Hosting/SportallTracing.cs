using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sportall.Portal.Catalog;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// OpenTelemetry traces over OTLP, on only when an endpoint is configured (OpenTelemetry:OtlpEndpoint,
/// or the standard OTEL_EXPORTER_OTLP_ENDPOINT variable): portal pages and API (ASP.NET Core), outgoing
/// HTTP (HttpClient) and catalog calls (Sportall.Portal.Catalog), under the service name
/// "sportall-&lt;roles&gt;".
/// </summary>
public static class SportallTracing
{
    public const string EndpointKey = "OpenTelemetry:OtlpEndpoint";
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // Media requests are thousands per second per node and say nothing a trace would add to the
    // request metrics; probes and scrapes are noise. Outgoing /live fetches (edge → origin) likewise.
    private static readonly string[] s_untracedPrefixes = ["/live", "/metrics", "/healthz", "/readyz"];

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointKey]) || !string.IsNullOrWhiteSpace(configuration[StandardEndpointKey]);

    /// <summary>"sportall-" and the roles this process runs, e.g. "sportall-media-portal", "sportall-edge".</summary>
    public static string ServiceName(IConfiguration configuration)
    {
        var roles = (configuration["Server:Roles"] ?? ServerRoles.Default)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => role.ToLowerInvariant());
        return "sportall-" + string.Join('-', roles);
    }

    public static bool IsTraced(PathString path)
    {
        foreach (var prefix in s_untracedPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    public static IServiceCollection AddSportallTracing(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration)) return services;
        var endpoint = configuration[EndpointKey];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName(configuration)))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => IsTraced(context.Request.Path))
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage =
                    request => request.RequestUri is not { } uri || IsTraced(new PathString(uri.AbsolutePath)))
                .AddSource(TracingCatalogStore.ActivitySourceName)
                .AddOtlpExporter(otlp =>
                {
                    // Without our key the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _PROTOCOL, _HEADERS) itself.
                    if (!string.IsNullOrWhiteSpace(endpoint)) otlp.Endpoint = new Uri(endpoint);
                }));
        return services;
    }
}
