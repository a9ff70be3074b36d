using System.Text.RegularExpressions;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;

namespace Sportall.Portal.Catalog.Mongo;

/// <summary>The production catalog on MongoDB (Portal:Store=mongodb, Portal:MongoConnectionString).</summary>
public sealed class MongoCatalogStore : ICatalogStore
{
    private static int s_conventionsRegistered;

    private readonly IMongoCollection<Tenant> _tenants;
    private readonly IMongoCollection<SportEvent> _events;
    private readonly IMongoCollection<Replay> _replays;
    private readonly IMongoCollection<PortalUser> _users;

    public MongoCatalogStore(string connectionString, string databaseName, ICatalogCommandObserver? observer = null)
    {
        if (Interlocked.Exchange(ref s_conventionsRegistered, 1) == 0)
        {
            // A newer release may add fields; an older one reading them must not fail (schema versioning
            // is per document, see CatalogSchema).
            ConventionRegistry.Register("sportall-portal",
                new ConventionPack { new IgnoreExtraElementsConvention(true) },
                type => type.Namespace == typeof(Tenant).Namespace);
        }
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        if (observer is not null)
        {
            // The driver times each command itself (Duration); the started event is not needed. Server
            // monitoring (hello) runs on its own connections and raises no command events.
            settings.ClusterConfigurator = cluster => cluster
                .Subscribe<CommandSucceededEvent>(e => observer.CommandCompleted(e.CommandName, e.Duration, succeeded: true))
                .Subscribe<CommandFailedEvent>(e => observer.CommandCompleted(e.CommandName, e.Duration, succeeded: false));
        }
        var database = new MongoClient(settings).GetDatabase(databaseName);
        _tenants = database.GetCollection<Tenant>("tenants");
        _events = database.GetCollection<SportEvent>("events");
        _replays = database.GetCollection<Replay>("replays");
        _users = database.GetCollection<PortalUser>("users");
    }

    public async Task InitializeAsync(CancellationToken ct)
    {
        await _tenants.Indexes.CreateManyAsync([
            new CreateIndexModel<Tenant>(Builders<Tenant>.IndexKeys.Ascending(t => t.Slug), new CreateIndexOptions { Unique = true }),
            // MongoDB indexes an empty array as undefined, so a plain unique index would let only one tenant
            // have no host: index only tenants that have one.
            new CreateIndexModel<Tenant>(Builders<Tenant>.IndexKeys.Ascending(t => t.Hosts),
                new CreateIndexOptions<Tenant> { Unique = true, PartialFilterExpression = Builders<Tenant>.Filter.Exists("Hosts.0") }),
        ], ct);
        await _events.Indexes.CreateManyAsync([
            new CreateIndexModel<SportEvent>(Builders<SportEvent>.IndexKeys.Ascending(e => e.TenantId).Ascending(e => e.ScheduledStart)),
            new CreateIndexModel<SportEvent>(Builders<SportEvent>.IndexKeys.Ascending(e => e.StreamKey), new CreateIndexOptions { Sparse = true }),
            new CreateIndexModel<SportEvent>(Builders<SportEvent>.IndexKeys.Ascending(e => e.PlaybackName), new CreateIndexOptions { Unique = true }),
        ], ct);
        await _replays.Indexes.CreateManyAsync([
            new CreateIndexModel<Replay>(Builders<Replay>.IndexKeys.Ascending(r => r.TenantId).Descending(r => r.StartedAt)),
            new CreateIndexModel<Replay>(Builders<Replay>.IndexKeys.Ascending(r => r.AssetId), new CreateIndexOptions { Unique = true }),
        ], ct);
        await _users.Indexes.CreateManyAsync([
            new CreateIndexModel<PortalUser>(Builders<PortalUser>.IndexKeys.Ascending(u => u.NormalizedEmail), new CreateIndexOptions { Unique = true }),
            new CreateIndexModel<PortalUser>(Builders<PortalUser>.IndexKeys.Ascending(u => u.TenantId)),
        ], ct);
    }

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct) =>
        await _tenants.Find(FilterDefinition<Tenant>.Empty).SortBy(t => t.Name).ToListAsync(ct);

    public async Task<Tenant?> GetTenantAsync(string id, CancellationToken ct) =>
        await _tenants.Find(t => t.Id == id).FirstOrDefaultAsync(ct);

    public Task SaveTenantAsync(Tenant tenant, CancellationToken ct) =>
        Upsert(_tenants, t => t.Id == tenant.Id, tenant, $"tenant '{tenant.Slug}' (slug or host already taken)", ct);

    public async Task<SportEvent?> GetEventAsync(string tenantId, string id, CancellationToken ct) =>
        await _events.Find(e => e.Id == id && e.TenantId == tenantId).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<SportEvent>> ListEventsAsync(string tenantId, EventQuery query, CancellationToken ct)
    {
        var f = Builders<SportEvent>.Filter;
        var filter = f.Eq(e => e.TenantId, tenantId);
        if (query.FromUtc is { } from) filter &= f.Gte(e => e.ScheduledStart, from);
        if (query.ToUtc is { } to) filter &= f.Lt(e => e.ScheduledStart, to);
        return await _events.Find(filter).SortBy(e => e.ScheduledStart).Limit(query.Limit).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<SportEvent>> ListEventsWithStreamKeysAsync(CancellationToken ct) =>
        await _events.Find(e => e.StreamKey != null).ToListAsync(ct);

    public async Task<SportEvent?> FindEventByStreamKeyAsync(string streamKey, CancellationToken ct) =>
        await _events.Find(e => e.StreamKey == streamKey).FirstOrDefaultAsync(ct);

    public async Task<SportEvent?> FindEventByPlaybackNameAsync(string playbackName, CancellationToken ct) =>
        await _events.Find(e => e.PlaybackName == playbackName).FirstOrDefaultAsync(ct);

    public Task SaveEventAsync(SportEvent sportEvent, CancellationToken ct) =>
        Upsert(_events, e => e.Id == sportEvent.Id, sportEvent, $"event playback name '{sportEvent.PlaybackName}' is taken", ct);

    public async Task<bool> DeleteEventAsync(string tenantId, string id, CancellationToken ct) =>
        (await _events.DeleteOneAsync(e => e.Id == id && e.TenantId == tenantId, ct)).DeletedCount > 0;

    public async Task<Replay?> GetReplayAsync(string tenantId, string id, CancellationToken ct) =>
        await _replays.Find(r => r.Id == id && r.TenantId == tenantId).FirstOrDefaultAsync(ct);

    public async Task<Replay?> FindReplayByAssetIdAsync(string assetId, CancellationToken ct) =>
        await _replays.Find(r => r.AssetId == assetId).FirstOrDefaultAsync(ct);

    public async Task<CatalogPage<Replay>> QueryReplaysAsync(string tenantId, ReplayQuery query, CancellationToken ct)
    {
        var f = Builders<Replay>.Filter;
        var filter = f.Eq(r => r.TenantId, tenantId);
        if (query.PublishedOnly) filter &= f.Eq(r => r.Published, true);
        if (!string.IsNullOrEmpty(query.Sport)) filter &= f.Eq(r => r.Sport, query.Sport);
        if (!string.IsNullOrEmpty(query.Competition)) filter &= f.Eq(r => r.Competition, query.Competition);
        if (query.FromUtc is { } from) filter &= f.Gte(r => r.StartedAt, from);
        if (query.ToUtc is { } to) filter &= f.Lt(r => r.StartedAt, to);
        if (query.NormalizedText is { } text)
        {
            // Substring match on the lowercased search text, the same semantics as the LiteDB store.
            filter &= f.Regex(r => r.SearchText, new MongoDB.Bson.BsonRegularExpression(Regex.Escape(text)));
        }
        if (!string.IsNullOrEmpty(query.EventId)) filter &= f.Eq(r => r.EventId, query.EventId);
        var total = await _replays.CountDocumentsAsync(filter, cancellationToken: ct);
        var items = await _replays.Find(filter).SortByDescending(r => r.StartedAt).Skip(query.Skip).Limit(query.Take).ToListAsync(ct);
        return new CatalogPage<Replay>(items, total);
    }

    public Task SaveReplayAsync(Replay replay, CancellationToken ct) =>
        Upsert(_replays, r => r.Id == replay.Id, replay, $"replay asset '{replay.AssetId}' is already registered", ct);

    public async Task<PortalUser?> GetUserAsync(string id, CancellationToken ct) =>
        await _users.Find(u => u.Id == id).FirstOrDefaultAsync(ct);

    public async Task<PortalUser?> FindUserByNormalizedEmailAsync(string normalizedEmail, CancellationToken ct) =>
        await _users.Find(u => u.NormalizedEmail == normalizedEmail).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<PortalUser>> ListUsersAsync(string? tenantId, CancellationToken ct) =>
        tenantId is null
            ? await _users.Find(FilterDefinition<PortalUser>.Empty).SortBy(u => u.NormalizedEmail).ToListAsync(ct)
            : await _users.Find(u => u.TenantId == tenantId).SortBy(u => u.NormalizedEmail).ToListAsync(ct);

    public async Task<bool> AnyUserInRoleAsync(string role, CancellationToken ct) =>
        await _users.Find(Builders<PortalUser>.Filter.AnyEq(u => u.Roles, role)).AnyAsync(ct);

    public Task SaveUserAsync(PortalUser user, CancellationToken ct) =>
        Upsert(_users, u => u.Id == user.Id, user, $"a user with e-mail '{user.Email}' exists", ct);

    public async Task<bool> DeleteUserAsync(string id, CancellationToken ct) =>
        (await _users.DeleteOneAsync(u => u.Id == id, ct)).DeletedCount > 0;

    private static async Task Upsert<T>(IMongoCollection<T> collection, System.Linq.Expressions.Expression<Func<T, bool>> byId,
        T document, string conflict, CancellationToken ct)
    {
        try
        {
            await collection.ReplaceOneAsync(byId, document, new ReplaceOptions { IsUpsert = true }, ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new CatalogConflictException(conflict, ex);
        }
    }
}
