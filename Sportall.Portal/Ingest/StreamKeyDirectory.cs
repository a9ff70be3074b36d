using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Ingest;

/// <summary>
/// Every issued stream key in memory, loaded from the catalog on start and updated by each key change
/// (issue, rotate, revoke, event deletion) before the change is acknowledged, so a rotated key stops
/// working for the next publish attempt.
/// </summary>
public sealed class StreamKeyDirectory : IStreamKeyLookup
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, StreamKeyEntry> _byKey = ImmutableDictionary.Create<string, StreamKeyEntry>(StringComparer.Ordinal);
    private ImmutableDictionary<string, string> _keyByEvent = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    public bool TryFind(string streamKey, [NotNullWhen(true)] out StreamKeyEntry? entry)
    {
        // The dictionary lookup hashes the candidate; a timing difference between a near miss and a far
        // miss leaks nothing about a 160-bit random key, so no constant-time compare is needed here.
        return Volatile.Read(ref _byKey).TryGetValue(streamKey, out entry);
    }

    public void Load(IEnumerable<SportEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events) SetLocked(e);
        }
    }

    /// <summary>Makes the directory agree with the event as saved: its key (if any) and nothing older.</summary>
    public void Set(SportEvent sportEvent)
    {
        lock (_gate) SetLocked(sportEvent);
    }

    public void Remove(string eventId)
    {
        lock (_gate)
        {
            if (_keyByEvent.TryGetValue(eventId, out var old))
            {
                Volatile.Write(ref _byKey, _byKey.Remove(old));
                _keyByEvent = _keyByEvent.Remove(eventId);
            }
        }
    }

    private void SetLocked(SportEvent e)
    {
        var byKey = _byKey;
        if (_keyByEvent.TryGetValue(e.Id, out var old)) byKey = byKey.Remove(old);
        if (e.StreamKey is { } key)
        {
            byKey = byKey.SetItem(key, new StreamKeyEntry(e.TenantId, e.Id, e.PlaybackName, e.SrtPassphrase));
            _keyByEvent = _keyByEvent.SetItem(e.Id, key);
        }
        else
        {
            _keyByEvent = _keyByEvent.Remove(e.Id);
        }
        Volatile.Write(ref _byKey, byKey);
    }

    /// <summary>
    /// A new key: 160 random bits in lowercase hex, so it is a valid RTMP stream name and SRT stream id
    /// and survives copy-paste into OBS without escaping.
    /// </summary>
    public static string NewStreamKey() => "sk" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>An SRT passphrase: 24 hex characters, inside SRTO_PASSPHRASE's 10 to 79.</summary>
    public static string NewSrtPassphrase() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The public name: the tenant's slug and a random suffix (a valid hub name, never the key).</summary>
    public static string NewPlaybackName(string tenantSlug)
    {
        var name = new StringBuilder(tenantSlug.Length + 9).Append(tenantSlug).Append('-').Append(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        return name.ToString();
    }
}
