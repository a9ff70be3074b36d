namespace Sportall.Portal.Ingest;

/// <summary>What a valid stream key publishes: the event's tenant, the event and its public playback name.</summary>
public sealed record StreamKeyEntry(string TenantId, string EventId, string PlaybackName, string? SrtPassphrase);
