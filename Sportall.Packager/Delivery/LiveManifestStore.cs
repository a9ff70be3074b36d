using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Sportall.Packager.Live;

namespace Sportall.Packager.Delivery;

/// <summary>
/// The manifest cache of every stream, attached to the <see cref="PackagedStream"/> itself so it lives
/// exactly as long as the stream (a stream removed from the registry takes its cache with it).
/// </summary>
internal sealed class LiveManifestStore
{
    private readonly ConditionalWeakTable<PackagedStream, StreamManifestCache> _caches = new();
    private readonly ConditionalWeakTable<PackagedStream, StreamManifestCache>.CreateValueCallback _create;

    public LiveManifestStore(IOptions<PackagerOptions> options, TimeProvider time)
    {
        var packagerOptions = options.Value;
        _create = _ => new StreamManifestCache(packagerOptions, time);
    }

    public StreamManifestCache For(PackagedStream stream) => _caches.GetValue(stream, _create);
}
