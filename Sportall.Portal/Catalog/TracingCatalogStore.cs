using System.Diagnostics;

namespace Sportall.Portal.Catalog;

/// <summary>
/// Wraps the chosen catalog store with one client span per call on the "Sportall.Portal.Catalog"
/// ActivitySource, so a portal request's trace shows which catalog operations it waited on. Nothing is
/// allocated beyond the call itself when no tracer listens (StartActivity returns null).
/// </summary>
public sealed class TracingCatalogStore : ICatalogStore, IDisposable
{
    public const string ActivitySourceName = "Sportall.Portal.Catalog";

    // OpenTelemetry semantic conventions for database client spans (db.system, db.operation.name);
    // the tenant id is ours: every tenant-scoped call carries it.
    private const string DbSystemTag = "db.system";
    private const string DbOperationTag = "db.operation.name";
    private const string TenantIdTag = "sportall.tenant.id";

    private static readonly ActivitySource s_source = new(ActivitySourceName);

    private readonly ICatalogStore _inner;
    private readonly string _dbSystem;

    /// <param name="inner">The store that does the work.</param>
    /// <param name="dbSystem">The db.system tag value: "litedb" or "mongodb".</param>
    public TracingCatalogStore(ICatalogStore inner, string dbSystem)
    {
        _inner = inner;
        _dbSystem = dbSystem;
    }

    /// <summary>The wrapped store.</summary>
    public ICatalogStore Inner => _inner;

    public Task InitializeAsync(CancellationToken ct) =>
        Trace(nameof(InitializeAsync), null, s => s.InitializeAsync(ct));

    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct) =>
        Trace(nameof(ListTenantsAsync), null, s => s.ListTenantsAsync(ct));

    public Task<Tenant?> GetTenantAsync(string id, CancellationToken ct) =>
        Trace(nameof(GetTenantAsync), id, s => s.GetTenantAsync(id, ct));

    public Task SaveTenantAsync(Tenant tenant, CancellationToken ct) =>
        Trace(nameof(SaveTenantAsync), tenant.Id, s => s.SaveTenantAsync(tenant, ct));

    public Task<SportEvent?> GetEventAsync(string tenantId, string id, CancellationToken ct) =>
        Trace(nameof(GetEventAsync), tenantId, s => s.GetEventAsync(tenantId, id, ct));

    public Task<IReadOnlyList<SportEvent>> ListEventsAsync(string tenantId, EventQuery query, CancellationToken ct) =>
        Trace(nameof(ListEventsAsync), tenantId, s => s.ListEventsAsync(tenantId, query, ct));

    public Task<IReadOnlyList<SportEvent>> ListEventsWithStreamKeysAsync(CancellationToken ct) =>
        Trace(nameof(ListEventsWithStreamKeysAsync), null, s => s.ListEventsWithStreamKeysAsync(ct));

    public Task<SportEvent?> FindEventByStreamKeyAsync(string streamKey, CancellationToken ct) =>
        Trace(nameof(FindEventByStreamKeyAsync), null, s => s.FindEventByStreamKeyAsync(streamKey, ct));

    public Task<SportEvent?> FindEventByPlaybackNameAsync(string playbackName, CancellationToken ct) =>
        Trace(nameof(FindEventByPlaybackNameAsync), null, s => s.FindEventByPlaybackNameAsync(playbackName, ct));

    public Task SaveEventAsync(SportEvent sportEvent, CancellationToken ct) =>
        Trace(nameof(SaveEventAsync), sportEvent.TenantId, s => s.SaveEventAsync(sportEvent, ct));

    public Task<bool> DeleteEventAsync(string tenantId, string id, CancellationToken ct) =>
        Trace(nameof(DeleteEventAsync), tenantId, s => s.DeleteEventAsync(tenantId, id, ct));

    public Task<Replay?> GetReplayAsync(string tenantId, string id, CancellationToken ct) =>
        Trace(nameof(GetReplayAsync), tenantId, s => s.GetReplayAsync(tenantId, id, ct));

    public Task<Replay?> FindReplayByAssetIdAsync(string assetId, CancellationToken ct) =>
        Trace(nameof(FindReplayByAssetIdAsync), null, s => s.FindReplayByAssetIdAsync(assetId, ct));

    public Task<CatalogPage<Replay>> QueryReplaysAsync(string tenantId, ReplayQuery query, CancellationToken ct) =>
        Trace(nameof(QueryReplaysAsync), tenantId, s => s.QueryReplaysAsync(tenantId, query, ct));

    public Task SaveReplayAsync(Replay replay, CancellationToken ct) =>
        Trace(nameof(SaveReplayAsync), replay.TenantId, s => s.SaveReplayAsync(replay, ct));

    public Task<PortalUser?> GetUserAsync(string id, CancellationToken ct) =>
        Trace(nameof(GetUserAsync), null, s => s.GetUserAsync(id, ct));

    public Task<PortalUser?> FindUserByNormalizedEmailAsync(string normalizedEmail, CancellationToken ct) =>
        Trace(nameof(FindUserByNormalizedEmailAsync), null, s => s.FindUserByNormalizedEmailAsync(normalizedEmail, ct));

    public Task<IReadOnlyList<PortalUser>> ListUsersAsync(string? tenantId, CancellationToken ct) =>
        Trace(nameof(ListUsersAsync), tenantId, s => s.ListUsersAsync(tenantId, ct));

    public Task<bool> AnyUserInRoleAsync(string role, CancellationToken ct) =>
        Trace(nameof(AnyUserInRoleAsync), null, s => s.AnyUserInRoleAsync(role, ct));

    public Task SaveUserAsync(PortalUser user, CancellationToken ct) =>
        Trace(nameof(SaveUserAsync), user.TenantId, s => s.SaveUserAsync(user, ct));

    public Task<bool> DeleteUserAsync(string id, CancellationToken ct) =>
        Trace(nameof(DeleteUserAsync), null, s => s.DeleteUserAsync(id, ct));

    // The DI container owns this wrapper, so disposing it must release the store (LiteDB holds a file lock).
    public void Dispose() => (_inner as IDisposable)?.Dispose();

    private async Task Trace(string operation, string? tenantId, Func<ICatalogStore, Task> call)
    {
        using var activity = Start(operation, tenantId);
        try
        {
            await call(_inner).ConfigureAwait(false);
        }
        catch (Exception ex) when (Fail(activity, ex))
        {
            throw;
        }
    }

    private async Task<T> Trace<T>(string operation, string? tenantId, Func<ICatalogStore, Task<T>> call)
    {
        using var activity = Start(operation, tenantId);
        try
        {
            return await call(_inner).ConfigureAwait(false);
        }
        catch (Exception ex) when (Fail(activity, ex))
        {
            throw;
        }
    }

    private Activity? Start(string operation, string? tenantId)
    {
        var activity = s_source.StartActivity(operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(DbSystemTag, _dbSystem);
            activity.SetTag(DbOperationTag, operation);
            if (tenantId is not null) activity.SetTag(TenantIdTag, tenantId);
        }
        return activity;
    }

    // An exception filter that records and never catches: the stack stays the store's own.
    private static bool Fail(Activity? activity, Exception ex)
    {
        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
        activity?.SetTag("error.type", ex.GetType().FullName);
        return false;
    }
}
