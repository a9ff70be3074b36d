using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sportall.Packager.Live;

namespace Sportall.Packager.Storage;

public static class ObjectStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IObjectStore"/> the "Storage" section picks: the file system store under
    /// <c>&lt;Packager:DataPath&gt;/objects</c> unless <c>Storage:Kind</c> is "S3".
    /// </summary>
    public static IServiceCollection AddObjectStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObjectStoreOptions>().Bind(configuration.GetSection(ObjectStoreOptions.SectionName));
        services.TryAddSingleton<IObjectStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ObjectStoreOptions>>().Value;
            return options.Kind switch
            {
                ObjectStoreKind.S3 => new S3ObjectStore(options),
                _ => new FileSystemObjectStore(string.IsNullOrWhiteSpace(options.RootPath)
                    ? Path.Combine(configuration[$"{PackagerOptions.SectionName}:{nameof(PackagerOptions.DataPath)}"] is { Length: > 0 } dataPath ? dataPath : new PackagerOptions().DataPath, "objects")
                    : options.RootPath),
            };
        });
        return services;
    }
}
