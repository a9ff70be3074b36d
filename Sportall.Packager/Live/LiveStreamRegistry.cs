using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Sportall.Packager.Live;

/// <summary>The packaged streams this node serves, by playback name.</summary>
public sealed class LiveStreamRegistry
{
    private readonly ConcurrentDictionary<string, PackagedStream> _streams = new(StringComparer.Ordinal);

    public bool TryGet(string name, [NotNullWhen(true)] out PackagedStream? stream) => _streams.TryGetValue(name, out stream);

    public PackagedStream GetOrAdd(string name) => _streams.GetOrAdd(name, static n => new PackagedStream(n));

    /// <summary>Serves <paramref name="stream"/> under <paramref name="name"/>, replacing an ended stream of that name.</summary>
    public void Replace(string name, PackagedStream stream) => _streams[name] = stream;

    public bool Remove(string name, PackagedStream stream) =>
        _streams.TryRemove(new KeyValuePair<string, PackagedStream>(name, stream));

    public ICollection<PackagedStream> Streams => _streams.Values;
}
