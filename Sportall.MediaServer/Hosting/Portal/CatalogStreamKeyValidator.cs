using Sportall.MediaServer.Ingest;
using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>
/// Ingest's key check answered by the portal's catalog, in process: a key issued for an event publishes
/// under that event's public playback name (with its SRT passphrase); any other key is refused.
/// Active when Ingest:RequireStreamKey=true. Answers synchronously, as SRT's handshake callback needs.
/// </summary>
public sealed class CatalogStreamKeyValidator(IStreamKeyLookup keys) : IStreamKeyValidator
{
    private static readonly ValueTask<StreamKeyDecision> s_unknown = ValueTask.FromResult(StreamKeyDecision.Refused("unknown or revoked stream key"));

    public ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct) =>
        keys.TryFind(streamKey, out var entry)
            ? ValueTask.FromResult(StreamKeyDecision.Accepted(entry.PlaybackName) with { SrtPassphrase = entry.SrtPassphrase })
            : s_unknown;
}
