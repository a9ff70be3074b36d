using Sportall.Portal.Catalog;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>Feeds sportall_mongodb_command_seconds{command} from the catalog store's command events.</summary>
public sealed class MongoCommandMetrics : ICatalogCommandObserver
{
    public void CommandCompleted(string command, TimeSpan duration, bool succeeded) =>
        PortalMetrics.MongoDbCommandSeconds.WithLabels(command).Observe(duration.TotalSeconds);
}
