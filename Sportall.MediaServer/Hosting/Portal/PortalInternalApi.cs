using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sportall.MediaServer.Ingest;
using Sportall.Portal;
using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>
/// A media node without the portal role reaches the portal over its internal API (Portal:InternalApiUrl,
/// Portal:InternalApiToken; see PortalEndpoints): key checks, live status and replays go over HTTP
/// instead of in-process, and the same bridges drive them.
/// </summary>
public static class PortalInternalApi
{
    public const string HttpClientName = "portal-internal";

    // Each call is one small JSON exchange inside the cluster; a portal slower than this is treated as
    // down (the key check refuses, a status change is logged as failed) rather than holding a caller.
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(5);

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{PortalOptions.SectionName}:{nameof(PortalOptions.InternalApiUrl)}"]);

    public static IServiceCollection AddPortalInternalApiClients(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PortalOptions.SectionName);
        var url = section[nameof(PortalOptions.InternalApiUrl)]!;
        var token = section[nameof(PortalOptions.InternalApiToken)];
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidOperationException("Portal:InternalApiUrl is set but Portal:InternalApiToken is not: the portal's internal API needs the same token on both sides.");
        }
        // Relative request paths resolve under the base only when it ends with '/' (RFC 3986 §5.2.3).
        var baseAddress = new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);

        services.AddHttpClient(HttpClientName, client =>
        {
            client.BaseAddress = baseAddress;
            client.Timeout = s_requestTimeout;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IStreamKeyValidator, HttpStreamKeyValidator>();
        services.AddSingleton<ILiveStatusSink, HttpLiveStatusSink>();
        services.AddSingleton<IReplayRegistry, HttpReplayRegistry>();
        return services;
    }
}
