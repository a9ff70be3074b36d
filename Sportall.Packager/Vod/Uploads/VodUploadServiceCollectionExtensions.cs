using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod.Clips;

namespace Sportall.Packager.Vod.Uploads;

public static class VodUploadServiceCollectionExtensions
{
    /// <summary>
    /// Registers uploaded files as VOD assets: the <see cref="UploadedAssetSource"/> (an <see cref="IVodPresentationSource"/>),
    /// the upload service and clip service behind <c>MapVodUploads()</c> / <c>MapClips()</c>, and the object store they use.
    /// </summary>
    public static IServiceCollection AddVodUploads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VodUploadOptions>().Bind(configuration.GetSection(VodUploadOptions.SectionName));
        services.AddObjectStore(configuration);
        services.TryAddSingleton<UploadedAssetSource>();
        services.AddSingleton<IVodPresentationSource>(provider => provider.GetRequiredService<UploadedAssetSource>());
        services.TryAddSingleton<VodUploadService>();
        services.TryAddSingleton<ClipService>();
        return services;
    }
}
