using Sportall.Portal.Catalog;

namespace Sportall.Portal.Ingest;

/// <summary>The recording pipeline registers what it recorded of a live playback name as a replay.</summary>
public interface IReplayRegistry
{
    /// <summary>
    /// Registers (or updates, for the same assetId) the replay of the event that published under
    /// playbackName. Returns null when no event has that playback name.
    /// </summary>
    Task<Replay?> RegisterReplayAsync(string playbackName, string assetId, DateTimeOffset startedAt, TimeSpan duration,
        string hlsUrl, string? dashUrl, string? posterUrl, CancellationToken ct);
}
