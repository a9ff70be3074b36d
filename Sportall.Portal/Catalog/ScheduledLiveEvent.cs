namespace Sportall.Portal.Catalog;

/// <summary>An event the catalog says should be on air now: its tenant's slug and its public stream name.</summary>
public readonly record struct ScheduledLiveEvent(string TenantSlug, string PlaybackName);
