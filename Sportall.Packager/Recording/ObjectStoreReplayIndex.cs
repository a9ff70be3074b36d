using System.Globalization;
using System.Text;
using System.Text.Json;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Recording;

/// <summary>
/// The replay index kept in the object store itself, so it survives with the recordings and needs no database:
/// <code>
/// replays/{hex(name)}/{invertedStart}-{assetId}.json    one small JSON entry per replay
/// </code>
/// The start is inverted (long.MaxValue − ticks, 19 digits) so the store's ordinal listing is newest first.
/// The name is hex-encoded: playback names may hold characters that keys forbid or that sort surprisingly.
/// </summary>
public sealed class ObjectStoreReplayIndex(IObjectStore store) : IReplayIndex
{
    public const string Prefix = "replays";

    // A name's listing stops here: a page of replays is what a player page shows, and each entry costs a read.
    private const int MaxListed = 500;

    public async Task AddAsync(ReplayEntry entry, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, RecordingJson.Options);
        using var content = new MemoryStream(json, writable: false);
        await store.PutAsync(EntryKey(entry), content, json.Length, "application/json", cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReplayEntry>> ListAsync(string name, CancellationToken cancellationToken)
    {
        var result = new List<ReplayEntry>();
        await foreach (var info in store.ListAsync(NamePrefix(name), cancellationToken).ConfigureAwait(false))
        {
            if (!info.Key.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }
            await using var stream = await store.OpenReadAsync(info.Key, cancellationToken).ConfigureAwait(false);
            if (stream is null)
            {
                continue; // removed between listing and reading
            }
            var entry = await JsonSerializer.DeserializeAsync<ReplayEntry>(stream, RecordingJson.Options, cancellationToken).ConfigureAwait(false);
            if (entry is not null && string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                result.Add(entry);
            }
            if (result.Count == MaxListed)
            {
                break;
            }
        }
        return result;
    }

    internal static string NamePrefix(string name) => $"{Prefix}/{Convert.ToHexStringLower(Encoding.UTF8.GetBytes(name))}/";

    internal static string EntryKey(ReplayEntry entry) =>
        NamePrefix(entry.Name) + (long.MaxValue - entry.Start.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + entry.AssetId + ".json";
}
