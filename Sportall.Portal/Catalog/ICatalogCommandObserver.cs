namespace Sportall.Portal.Catalog;

/// <summary>
/// Told of every command a catalog store sends to its database, with the driver's own timing (the host
/// turns it into the sportall_mongodb_command_seconds histogram). Called on the driver's threads: keep it cheap.
/// </summary>
public interface ICatalogCommandObserver
{
    void CommandCompleted(string command, TimeSpan duration, bool succeeded);
}
