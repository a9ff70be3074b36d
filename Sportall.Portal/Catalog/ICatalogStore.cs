namespace Sportall.Portal.Catalog;

/// <summary>
/// The portal's catalog: tenants, events, replays, back-office users. Two implementations behave the
/// same (one conformance suite runs against both): LiteDB embedded in the data folder (the default) and
/// MongoDB (Portal:Store=mongodb). Saves are upserts by Id; tenant-scoped reads take the tenant id so a
/// caller cannot forget the filter.
/// </summary>
public interface ICatalogStore
{
    /// <summary>Creates the indexes the queries below rely on; safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken ct);

    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct);
    Task<Tenant?> GetTenantAsync(string id, CancellationToken ct);
    Task SaveTenantAsync(Tenant tenant, CancellationToken ct);

    Task<SportEvent?> GetEventAsync(string tenantId, string id, CancellationToken ct);
    Task<IReadOnlyList<SportEvent>> ListEventsAsync(string tenantId, EventQuery query, CancellationToken ct);

    /// <summary>Every event that holds a stream key: what the ingest key directory loads on start.</summary>
    Task<IReadOnlyList<SportEvent>> ListEventsWithStreamKeysAsync(CancellationToken ct);

    Task<SportEvent?> FindEventByStreamKeyAsync(string streamKey, CancellationToken ct);
    Task<SportEvent?> FindEventByPlaybackNameAsync(string playbackName, CancellationToken ct);
    Task SaveEventAsync(SportEvent sportEvent, CancellationToken ct);
    Task<bool> DeleteEventAsync(string tenantId, string id, CancellationToken ct);

    Task<Replay?> GetReplayAsync(string tenantId, string id, CancellationToken ct);
    Task<Replay?> FindReplayByAssetIdAsync(string assetId, CancellationToken ct);
    Task<CatalogPage<Replay>> QueryReplaysAsync(string tenantId, ReplayQuery query, CancellationToken ct);
    Task SaveReplayAsync(Replay replay, CancellationToken ct);

    Task<PortalUser?> GetUserAsync(string id, CancellationToken ct);
    Task<PortalUser?> FindUserByNormalizedEmailAsync(string normalizedEmail, CancellationToken ct);

    /// <summary>Users of one tenant, or every user when tenantId is null.</summary>
    Task<IReadOnlyList<PortalUser>> ListUsersAsync(string? tenantId, CancellationToken ct);

    Task<bool> AnyUserInRoleAsync(string role, CancellationToken ct);
    Task SaveUserAsync(PortalUser user, CancellationToken ct);
    Task<bool> DeleteUserAsync(string id, CancellationToken ct);
}
