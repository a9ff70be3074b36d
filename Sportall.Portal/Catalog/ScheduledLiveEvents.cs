namespace Sportall.Portal.Catalog;

/// <summary>
/// Which events should have a publisher now: the catalog side of the "scheduled but not live" alert.
/// The catalog keeps a scheduled start but no end, so an event is expected on air from its start for
/// <see cref="PortalOptions.ScheduledEventWindowMinutes"/>, unless it is cancelled, postponed or ended.
/// </summary>
public static class ScheduledLiveEvents
{
    /// <summary>
    /// Scheduled (nobody published yet) or Live (the catalog saw a publisher and no clean stop: a node that
    /// died keeps it Live) counts. Ended does not: the hub marks an event ended whenever its publisher stops,
    /// so a match that finished early could not be told from an encoder that left, and the first would page.
    /// </summary>
    public static bool IsExpectedLive(SportEvent sportEvent, DateTime nowUtc, TimeSpan window) =>
        sportEvent.Status is EventStatus.Scheduled or EventStatus.Live
        && sportEvent.PlaybackName.Length > 0
        && sportEvent.ScheduledStart <= nowUtc
        && nowUtc < sportEvent.ScheduledStart + window;

    /// <summary>Every tenant's expected-live events: one query per tenant, over the window only.</summary>
    public static async Task<IReadOnlyList<ScheduledLiveEvent>> ListAsync(ICatalogStore store, DateTime nowUtc, TimeSpan window, CancellationToken ct)
    {
        var live = new List<ScheduledLiveEvent>();
        foreach (var tenant in await store.ListTenantsAsync(ct))
        {
            // ToUtc is exclusive: one tick past now takes an event that starts exactly now.
            var events = await store.ListEventsAsync(tenant.Id, new EventQuery(nowUtc - window, nowUtc.AddTicks(1)), ct);
            foreach (var e in events)
            {
                if (IsExpectedLive(e, nowUtc, window)) live.Add(new ScheduledLiveEvent(tenant.Slug, e.PlaybackName));
            }
        }
        return live;
    }
}
