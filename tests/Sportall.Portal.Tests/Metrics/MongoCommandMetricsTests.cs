using System.Text;
using Sportall.MediaServer.Hosting.Portal;
using Sportall.Portal.Catalog;
using Sportall.Portal.Catalog.Mongo;
using Sportall.Portal.Tests.Catalog;

namespace Sportall.Portal.Tests.Metrics;

/// <summary>sportall_mongodb_command_seconds{command}: the driver's command events reach the histogram.</summary>
public sealed class MongoCommandMetricsTests
{
    [Fact]
    public async Task EachCompletedCommandIsObservedUnderItsName()
    {
        // A command name no driver sends, so the process-wide histogram's count is this test's own.
        const string Command = "sportallTestCommand";
        var metrics = new MongoCommandMetrics();
        metrics.CommandCompleted(Command, TimeSpan.FromMilliseconds(3), succeeded: true);
        metrics.CommandCompleted(Command, TimeSpan.FromMilliseconds(700), succeeded: false);

        var text = await ScrapeAsync();
        Assert.Contains($"sportall_mongodb_command_seconds_count{{command=\"{Command}\"}} 2", text);
        Assert.Contains($"sportall_mongodb_command_seconds_bucket{{command=\"{Command}\",le=\"0.005\"}} 1", text);
        Assert.Contains($"sportall_mongodb_command_seconds_bucket{{command=\"{Command}\",le=\"1\"}} 2", text);
    }

    [MongoFact]
    public async Task TheMongoStoreReportsItsCommands()
    {
        var seen = new RecordingObserver();
        var database = "sportall_test_" + Guid.NewGuid().ToString("N");
        var store = new MongoCatalogStore(CatalogStores.MongoUri!, database, seen);
        try
        {
            await store.InitializeAsync(CancellationToken.None);
            await store.ListTenantsAsync(CancellationToken.None);
            Assert.Contains("createIndexes", seen.Commands);
            Assert.Contains("find", seen.Commands);
        }
        finally
        {
            await new MongoDB.Driver.MongoClient(CatalogStores.MongoUri!).DropDatabaseAsync(database);
        }
    }

    private static async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class RecordingObserver : ICatalogCommandObserver
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Commands { get; } = [];
        public void CommandCompleted(string command, TimeSpan duration, bool succeeded) => Commands.Add(command);
    }
}
