namespace Sportall.Portal.Ingest;

/// <summary>Body of POST /api/internal/replays (the recording pipeline of a separate media node).</summary>
public sealed record ReplayRegistration(string PlaybackName, string AssetId, DateTimeOffset StartedAt, double DurationSeconds,
    string HlsUrl, string? DashUrl, string? PosterUrl);
