using System.Diagnostics.CodeAnalysis;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// Who publishes a live name across the cluster. The hub asks before admitting a publisher and tells when
/// the publisher is gone; without a cluster the hub's own dictionary is the whole answer.
/// </summary>
public interface IStreamOwnership
{
    /// <summary>Claims the name for this node; false (with a reason for the encoder) when another node holds it.</summary>
    bool TryClaim(string name, string protocol, [NotNullWhen(false)] out string? refusalReason);

    /// <summary>Gives the name up (only if this node still holds it).</summary>
    void Release(string name);
}
