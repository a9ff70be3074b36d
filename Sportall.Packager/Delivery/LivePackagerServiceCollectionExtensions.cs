using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sportall.Packager.Live;

namespace Sportall.Packager.Delivery;

public static class LivePackagerServiceCollectionExtensions
{
    /// <summary>Services of <see cref="LivePackagerEndpoints.MapLivePackager"/>; the host registers (or shares) the <see cref="LiveStreamRegistry"/>.</summary>
    public static IServiceCollection AddLivePackagerDelivery(this IServiceCollection services, Action<LiveDeliveryOptions>? configure = null)
    {
        services.AddOptions<PackagerOptions>().BindConfiguration(PackagerOptions.SectionName);
        var delivery = services.AddOptions<LiveDeliveryOptions>().BindConfiguration(LiveDeliveryOptions.SectionName);
        if (configure is not null)
        {
            delivery.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LiveStreamRegistry>();
        services.TryAddSingleton<LiveManifestStore>();
        return services;
    }
}
