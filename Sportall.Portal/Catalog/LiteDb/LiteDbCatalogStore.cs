using LiteDB;

namespace Sportall.Portal.Catalog.LiteDb;

/// <summary>
/// The embedded catalog: one LiteDB file under the data folder (Portal:DataPath, else
/// Packager:DataPath). LiteDB is synchronous and thread-safe; the calls are short index lookups, so
/// they run inline and the tasks come back completed.
/// </summary>
public sealed class LiteDbCatalogStore : ICatalogStore, IDisposable
{
    // LiteDB reports a broken unique index with this code (LiteException.INDEX_DUPLICATE_KEY).
    private const int IndexDuplicateKey = 110;

    private readonly LiteDatabase _db;
    private readonly Lock _tenantWrites = new();
    private readonly ILiteCollection<Tenant> _tenants;
    private readonly ILiteCollection<SportEvent> _events;
    private readonly ILiteCollection<Replay> _replays;
    private readonly ILiteCollection<PortalUser> _users;

    public LiteDbCatalogStore(string filePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (directory is not null) Directory.CreateDirectory(directory);
        // LiteDB's defaults turn "" into null and trim strings; the catalog keeps what it is given, as MongoDB does.
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        _db = new LiteDatabase(new ConnectionString { Filename = filePath, Connection = ConnectionType.Direct }, mapper);
        // Dates are written in UTC; without this pragma LiteDB hands them back in the machine's local zone.
        _db.UtcDate = true;
        _tenants = _db.GetCollection<Tenant>("tenants");
        _events = _db.GetCollection<SportEvent>("events");
        _replays = _db.GetCollection<Replay>("replays");
        _users = _db.GetCollection<PortalUser>("users");
    }

    public Task InitializeAsync(CancellationToken ct)
    {
        _tenants.EnsureIndex("slug", "$.Slug", unique: true);
        // LiteDB has no unique multikey index: host uniqueness is checked in SaveTenantAsync, under a lock
        // (the file is opened exclusively by this process, so the lock covers every writer).
        _tenants.EnsureIndex("hosts", "$.Hosts[*]", unique: false);
        _events.EnsureIndex("tenant_start", "$.TenantId", unique: false);
        _events.EnsureIndex(e => e.ScheduledStart);
        _events.EnsureIndex(e => e.StreamKey);
        _events.EnsureIndex("playback", "$.PlaybackName", unique: true);
        _replays.EnsureIndex(r => r.TenantId);
        _replays.EnsureIndex(r => r.StartedAt);
        _replays.EnsureIndex("asset", "$.AssetId", unique: true);
        _users.EnsureIndex("email", "$.NormalizedEmail", unique: true);
        _users.EnsureIndex(u => u.TenantId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Tenant>>(_tenants.Query().OrderBy(t => t.Name).ToList());

    public Task<Tenant?> GetTenantAsync(string id, CancellationToken ct) => Task.FromResult<Tenant?>(_tenants.FindById(id));

    public Task SaveTenantAsync(Tenant tenant, CancellationToken ct)
    {
        lock (_tenantWrites)
        {
            foreach (var host in tenant.Hosts)
            {
                if (_tenants.Exists(t => t.Hosts.Contains(host) && t.Id != tenant.Id))
                {
                    return Task.FromException(new CatalogConflictException($"tenant '{tenant.Slug}': host '{host}' is already taken"));
                }
            }
            return Upsert(_tenants, tenant, $"tenant '{tenant.Slug}' (slug or host already taken)");
        }
    }

    public Task<SportEvent?> GetEventAsync(string tenantId, string id, CancellationToken ct)
    {
        var found = _events.FindById(id);
        return Task.FromResult(found is not null && found.TenantId == tenantId ? found : null);
    }

    public Task<IReadOnlyList<SportEvent>> ListEventsAsync(string tenantId, EventQuery query, CancellationToken ct)
    {
        var q = _events.Query().Where(e => e.TenantId == tenantId);
        if (query.FromUtc is { } from) q = q.Where(e => e.ScheduledStart >= from);
        if (query.ToUtc is { } to) q = q.Where(e => e.ScheduledStart < to);
        return Task.FromResult<IReadOnlyList<SportEvent>>(q.OrderBy(e => e.ScheduledStart).Limit(query.Limit).ToList());
    }

    public Task<IReadOnlyList<SportEvent>> ListEventsWithStreamKeysAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SportEvent>>(_events.Query().Where(e => e.StreamKey != null).ToList());

    public Task<SportEvent?> FindEventByStreamKeyAsync(string streamKey, CancellationToken ct) =>
        Task.FromResult<SportEvent?>(_events.FindOne(e => e.StreamKey == streamKey));

    public Task<SportEvent?> FindEventByPlaybackNameAsync(string playbackName, CancellationToken ct) =>
        Task.FromResult<SportEvent?>(_events.FindOne(e => e.PlaybackName == playbackName));

    public Task SaveEventAsync(SportEvent sportEvent, CancellationToken ct) =>
        Upsert(_events, sportEvent, $"event playback name '{sportEvent.PlaybackName}' is taken");

    public Task<bool> DeleteEventAsync(string tenantId, string id, CancellationToken ct) =>
        Task.FromResult(_events.DeleteMany(e => e.Id == id && e.TenantId == tenantId) > 0);

    public Task<Replay?> GetReplayAsync(string tenantId, string id, CancellationToken ct)
    {
        var found = _replays.FindById(id);
        return Task.FromResult(found is not null && found.TenantId == tenantId ? found : null);
    }

    public Task<Replay?> FindReplayByAssetIdAsync(string assetId, CancellationToken ct) =>
        Task.FromResult<Replay?>(_replays.FindOne(r => r.AssetId == assetId));

    public Task<CatalogPage<Replay>> QueryReplaysAsync(string tenantId, ReplayQuery query, CancellationToken ct)
    {
        ILiteQueryable<Replay> Filtered()
        {
            var q = _replays.Query().Where(r => r.TenantId == tenantId);
            if (query.PublishedOnly) q = q.Where(r => r.Published);
            if (!string.IsNullOrEmpty(query.Sport)) q = q.Where(r => r.Sport == query.Sport);
            if (!string.IsNullOrEmpty(query.Competition)) q = q.Where(r => r.Competition == query.Competition);
            if (query.FromUtc is { } from) q = q.Where(r => r.StartedAt >= from);
            if (query.ToUtc is { } to) q = q.Where(r => r.StartedAt < to);
            if (query.NormalizedText is { } text) q = q.Where(r => r.SearchText.Contains(text));
            if (!string.IsNullOrEmpty(query.EventId)) q = q.Where(r => r.EventId == query.EventId);
            return q;
        }
        var total = Filtered().LongCount();
        var items = Filtered().OrderByDescending(r => r.StartedAt).Skip(query.Skip).Limit(query.Take).ToList();
        return Task.FromResult(new CatalogPage<Replay>(items, total));
    }

    public Task SaveReplayAsync(Replay replay, CancellationToken ct) => Upsert(_replays, replay, $"replay asset '{replay.AssetId}' is already registered");

    public Task<PortalUser?> GetUserAsync(string id, CancellationToken ct) => Task.FromResult<PortalUser?>(_users.FindById(id));

    public Task<PortalUser?> FindUserByNormalizedEmailAsync(string normalizedEmail, CancellationToken ct) =>
        Task.FromResult<PortalUser?>(_users.FindOne(u => u.NormalizedEmail == normalizedEmail));

    public Task<IReadOnlyList<PortalUser>> ListUsersAsync(string? tenantId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PortalUser>>(tenantId is null
            ? _users.Query().OrderBy(u => u.NormalizedEmail).ToList()
            : _users.Query().Where(u => u.TenantId == tenantId).OrderBy(u => u.NormalizedEmail).ToList());

    public Task<bool> AnyUserInRoleAsync(string role, CancellationToken ct) =>
        Task.FromResult(_users.Exists(u => u.Roles.Contains(role)));

    public Task SaveUserAsync(PortalUser user, CancellationToken ct) => Upsert(_users, user, $"a user with e-mail '{user.Email}' exists");

    public Task<bool> DeleteUserAsync(string id, CancellationToken ct) => Task.FromResult(_users.Delete(id));

    private static Task Upsert<T>(ILiteCollection<T> collection, T document, string conflict)
    {
        try
        {
            collection.Upsert(document);
            return Task.CompletedTask;
        }
        catch (LiteException ex) when (ex.ErrorCode == IndexDuplicateKey)
        {
            return Task.FromException(new CatalogConflictException(conflict, ex));
        }
    }

    public void Dispose() => _db.Dispose();
}
