using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Sportall.MediaServer.Cluster;

namespace Sportall.MediaServer.Hub;

/// <summary>
/// The live names of this node and their publish sessions. One publisher per name: a second one is
/// refused while the first is live, whatever protocol either uses — and, with a cluster, while another
/// node publishes it (<see cref="IStreamOwnership"/>).
/// </summary>
public sealed class StreamHub
{
    private readonly ConcurrentDictionary<string, LiveSource> _live = new(StringComparer.Ordinal);
    private readonly IStreamOwnership? _ownership;

    public StreamHub()
    {
    }

    public StreamHub(IStreamOwnership ownership) => _ownership = ownership;

    /// <summary>Raised after a publish session was admitted, on the publisher's thread.</summary>
    public event Action<LiveSource>? Published;

    /// <summary>Raised after a publish session ended and its name is free again, on the thread that ended it.</summary>
    public event Action<LiveSource>? Unpublished;

    public bool TryPublish(string name, string protocol, string remoteEndPoint,
        [NotNullWhen(true)] out LiveSource? source, [NotNullWhen(false)] out string? refusalReason) =>
        TryPublish(name, protocol, remoteEndPoint, publisherThreadIsDedicated: false, out source, out refusalReason);

    /// <param name="publisherThreadIsDedicated">See <see cref="LiveSource.PublisherThreadIsDedicated"/>.</param>
    public bool TryPublish(string name, string protocol, string remoteEndPoint, bool publisherThreadIsDedicated,
        [NotNullWhen(true)] out LiveSource? source, [NotNullWhen(false)] out string? refusalReason)
    {
        if (!IsValidName(name))
        {
            source = null;
            refusalReason = $"'{name}' is not a valid stream name: use 1 to {MaxNameLength} letters, digits, '-', '_' or '.', not starting with '.'";
            return false;
        }
        var candidate = new LiveSource(this, name, protocol, remoteEndPoint, publisherThreadIsDedicated);
        if (!_live.TryAdd(name, candidate))
        {
            source = null;
            refusalReason = $"stream '{name}' is already being published";
            return false;
        }
        // Claimed locally first, so the cluster is asked only once per name on this node.
        if (_ownership is not null && !_ownership.TryClaim(name, protocol, out refusalReason))
        {
            _live.TryRemove(new KeyValuePair<string, LiveSource>(name, candidate));
            source = null;
            return false;
        }
        HubMetrics.Publishers.Inc();
        HubMetrics.Live.WithLabels(name).Set(1);
        source = candidate;
        refusalReason = null;
        Published?.Invoke(candidate);
        return true;
    }

    // Names become URL path segments and folder names of the packager's disk window.
    public const int MaxNameLength = 128;

    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > MaxNameLength || name[0] == '.') return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return false;
        }
        return true;
    }

    public bool TryGet(string name, [NotNullWhen(true)] out LiveSource? source) => _live.TryGetValue(name, out source);

    public ICollection<LiveSource> Sources => _live.Values;

    internal void Remove(LiveSource source)
    {
        if (_live.TryRemove(new KeyValuePair<string, LiveSource>(source.Name, source)))
        {
            HubMetrics.Publishers.Dec();
            HubMetrics.Live.RemoveLabelled(source.Name);
            HubMetrics.StreamBytes.RemoveLabelled(source.Name);
            _ownership?.Release(source.Name);
            Unpublished?.Invoke(source);
        }
    }
}
