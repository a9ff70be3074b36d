using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Storage;

public sealed class AddObjectStoreTests
{
    private static IObjectStore Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddObjectStore(configuration).BuildServiceProvider().GetRequiredService<IObjectStore>();
    }

    [Fact]
    public void Without_settings_the_file_system_store_lives_under_the_packager_data_path()
    {
        var dataPath = Directory.CreateTempSubdirectory("sportall-di-").FullName;
        try
        {
            var store = Assert.IsType<FileSystemObjectStore>(Resolve(new() { ["Packager:DataPath"] = dataPath }));
            Assert.Equal(Path.Combine(dataPath, "objects"), store.RootPath);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public void Kind_S3_selects_the_S3_store()
    {
        var store = Resolve(new()
        {
            ["Storage:Kind"] = "S3",
            ["Storage:Endpoint"] = "http://127.0.0.1:9000",
            ["Storage:Bucket"] = "media",
            ["Storage:AccessKey"] = "key",
            ["Storage:SecretKey"] = "secret",
        });
        Assert.IsType<S3ObjectStore>(store);
    }

    [Fact]
    public void Kind_S3_without_an_endpoint_fails_at_resolution()
    {
        Assert.Throws<ArgumentException>(() => Resolve(new() { ["Storage:Kind"] = "S3" }));
    }
}
