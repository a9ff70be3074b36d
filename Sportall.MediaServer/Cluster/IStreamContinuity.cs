using Sportall.Packager.Segmentation;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// Where a live name's numbering stands across the cluster, so a node that takes a stream over from one that
/// died goes on with new segment, part and init names (edges and players may still hold the old node's
/// immutable objects under the old ones) and a forward media and discontinuity sequence. Without a cluster
/// nothing is registered and every packager starts fresh.
/// </summary>
public interface IStreamContinuity
{
    /// <summary>
    /// The numbering a new packager of <paramref name="name"/> starts from; null when none is recorded or the
    /// record cannot be read (fresh numbering). One bounded round trip, once per new packager.
    /// </summary>
    PackagerContinuation? Resume(string name, int segmentTargetMs);

    /// <summary>Records the packager's position with every heartbeat while this node owns the name.</summary>
    void Track(string name, Func<PackagerContinuation> position);

    /// <summary>Stops recording this position (the packager is gone); another packager's tracking is left alone.</summary>
    void Untrack(string name, Func<PackagerContinuation> position);
}
