using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Sportall.Portal.Caching;
using Sportall.Portal.Catalog;
using Sportall.Portal.Ingest;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Editing;

/// <summary>
/// Every change to the catalog goes through here, so each one also updates what depends on it: the
/// tenant map, the in-memory stream-key directory and the tenant's cached public pages (evicted by tag).
/// </summary>
public sealed class CatalogEditor(
    ICatalogStore store,
    TenantDirectory tenants,
    StreamKeyDirectory keys,
    IOutputCacheStore cache,
    TimeProvider time,
    IOptions<PortalOptions> options) : ILiveStatusSink, IReplayRegistry
{
    public ICatalogStore Store => store;

    public async Task SaveTenantAsync(Tenant tenant, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(tenant.Id)) tenant.Id = NewId();
        tenant.UpdatedAt = Now();
        await store.SaveTenantAsync(tenant, ct);
        await tenants.ReloadAsync(ct);
        await EvictAsync(tenant.Id, ct);
    }

    public async Task SaveEventAsync(SportEvent sportEvent, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sportEvent.Id)) sportEvent.Id = NewId();
        if (string.IsNullOrEmpty(sportEvent.PlaybackName))
        {
            var slug = tenants.Current.TryGetById(sportEvent.TenantId, out var t) ? t.Slug : "event";
            sportEvent.PlaybackName = StreamKeyDirectory.NewPlaybackName(slug);
        }
        sportEvent.UpdatedAt = Now();
        await store.SaveEventAsync(sportEvent, ct);
        keys.Set(sportEvent);
        await EvictAsync(sportEvent.TenantId, ct);
    }

    public async Task<bool> DeleteEventAsync(string tenantId, string eventId, CancellationToken ct)
    {
        if (!await store.DeleteEventAsync(tenantId, eventId, ct)) return false;
        keys.Remove(eventId);
        await EvictAsync(tenantId, ct);
        return true;
    }

    /// <summary>Issues a new key (and SRT passphrase); the previous key, if any, stops working at once.</summary>
    public async Task<SportEvent?> RotateStreamKeyAsync(string tenantId, string eventId, CancellationToken ct)
    {
        var e = await store.GetEventAsync(tenantId, eventId, ct);
        if (e is null) return null;
        e.StreamKey = StreamKeyDirectory.NewStreamKey();
        e.SrtPassphrase = StreamKeyDirectory.NewSrtPassphrase();
        await SaveEventAsync(e, ct);
        return e;
    }

    public async Task<SportEvent?> RevokeStreamKeyAsync(string tenantId, string eventId, CancellationToken ct)
    {
        var e = await store.GetEventAsync(tenantId, eventId, ct);
        if (e is null) return null;
        e.StreamKey = null;
        e.SrtPassphrase = null;
        await SaveEventAsync(e, ct);
        return e;
    }

    public async Task SaveReplayAsync(Replay replay, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(replay.Id)) replay.Id = NewId();
        replay.RefreshSearchText();
        replay.UpdatedAt = Now();
        await store.SaveReplayAsync(replay, ct);
        await EvictAsync(replay.TenantId, ct);
    }

    public async Task PublisherStartedAsync(string playbackName, CancellationToken ct)
    {
        var e = await store.FindEventByPlaybackNameAsync(playbackName, ct);
        if (e is null || e.Status == EventStatus.Live) return;
        e.Status = EventStatus.Live;
        e.LiveSince = Now();
        await SaveEventAsync(e, ct);
    }

    public async Task PublisherStoppedAsync(string playbackName, CancellationToken ct)
    {
        var e = await store.FindEventByPlaybackNameAsync(playbackName, ct);
        // Only a live event ends: a stray reconnect after an editor cancelled it must not mark it ended.
        if (e is null || e.Status != EventStatus.Live) return;
        e.Status = EventStatus.Ended;
        await SaveEventAsync(e, ct);
    }

    public async Task<Replay?> RegisterReplayAsync(string playbackName, string assetId, DateTimeOffset startedAt, TimeSpan duration,
        string hlsUrl, string? dashUrl, string? posterUrl, CancellationToken ct)
    {
        var e = await store.FindEventByPlaybackNameAsync(playbackName, ct);
        if (e is null) return null;
        var replay = await store.FindReplayByAssetIdAsync(assetId, ct);
        if (replay is null)
        {
            replay = new Replay
            {
                AssetId = assetId,
                TenantId = e.TenantId,
                EventId = e.Id,
                Title = e.Title,
                Description = e.Description,
                Published = options.Value.PublishReplaysOnRegistration,
            };
        }
        replay.Sport = e.Sport;
        replay.Competition = e.Competition;
        replay.StartedAt = startedAt.UtcDateTime;
        replay.DurationSeconds = duration.TotalSeconds;
        replay.HlsUrl = hlsUrl;
        replay.DashUrl = dashUrl;
        replay.PosterUrl = posterUrl ?? replay.PosterUrl;
        await SaveReplayAsync(replay, ct);
        return replay;
    }

    public Task EvictAsync(string tenantId, CancellationToken ct) =>
        cache.EvictByTagAsync(TenantOutputCachePolicy.TagFor(tenantId), ct).AsTask();

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    public static string NewId() => Guid.NewGuid().ToString("N");
}
