using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sportall.Packager.Live;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod;

namespace Sportall.Packager.Recording;

public static class RecordingServiceCollectionExtensions
{
    /// <summary>
    /// Recording of lives into the object store (registered too, by <see cref="ObjectStoreServiceCollectionExtensions.AddObjectStore"/>),
    /// the object-store replay index, and the recorded assets and the DVR windows of lives (<c>dvr-{name}</c>) as VOD sources. The live packaging service
    /// asks <see cref="RecordingService.Record"/> for an observer per stream.
    /// </summary>
    public static IServiceCollection AddRecording(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordingOptions>().Bind(configuration.GetSection(RecordingOptions.SectionName));
        services.AddOptions<PackagerOptions>().Bind(configuration.GetSection(PackagerOptions.SectionName));
        services.AddObjectStore(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IReplayIndex, ObjectStoreReplayIndex>();
        services.TryAddSingleton<RecordingService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordingService>());
        services.TryAddSingleton<RecordedVodSource>();
        services.AddSingleton<IVodPresentationSource>(sp => sp.GetRequiredService<RecordedVodSource>());
        // dvr-{name}: the window of a live, for clips of a stream that is still on (and /vod/ snapshots of it).
        services.TryAddSingleton<DvrVodSource>();
        services.AddSingleton<IVodPresentationSource>(sp => sp.GetRequiredService<DvrVodSource>());
        return services;
    }
}
