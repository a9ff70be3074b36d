using Sportall.Portal.Catalog;
using Sportall.Portal.Catalog.LiteDb;
using Sportall.Portal.Catalog.Mongo;

namespace Sportall.Portal.Tests.Catalog;

/// <summary>
/// The stores the conformance suite runs against: LiteDB always; MongoDB when MONGODB_URI is set
/// (no mongod exists on the CI machines; see README "Catalog on MongoDB").
/// </summary>
public static class CatalogStores
{
    public const string LiteDb = "litedb";
    public const string MongoDb = "mongodb";

    public static string? MongoUri => Environment.GetEnvironmentVariable("MONGODB_URI") is { Length: > 0 } uri ? uri : null;

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { LiteDb };
            if (MongoUri is not null) data.Add(MongoDb);
            return data;
        }
    }

    /// <summary>A fresh, empty, initialized store; disposing it deletes its file or database.</summary>
    public static async Task<TestStore> CreateAsync(string kind)
    {
        TestStore store;
        if (kind == LiteDb)
        {
            var folder = Path.Combine(Path.GetTempPath(), "sportall-catalog-" + Guid.NewGuid().ToString("N"));
            var lite = new LiteDbCatalogStore(Path.Combine(folder, "catalog.litedb"));
            store = new TestStore(lite, () =>
            {
                lite.Dispose();
                Directory.Delete(folder, recursive: true);
                return Task.CompletedTask;
            });
        }
        else
        {
            var database = "sportall_test_" + Guid.NewGuid().ToString("N");
            var mongo = new MongoCatalogStore(MongoUri!, database);
            store = new TestStore(mongo, () => new MongoDB.Driver.MongoClient(MongoUri!).DropDatabaseAsync(database));
        }
        await store.Store.InitializeAsync(CancellationToken.None);
        return store;
    }
}

public sealed class TestStore(ICatalogStore store, Func<Task> cleanup) : IAsyncDisposable
{
    public ICatalogStore Store { get; } = store;
    public async ValueTask DisposeAsync() => await cleanup();
}
