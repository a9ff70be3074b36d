using System.Diagnostics.CodeAnalysis;

namespace Sportall.Portal.Ingest;

/// <summary>
/// Answers ingest's "may this key publish?" from memory: SRT asks from inside libsrt's handshake
/// callback and needs the answer without I/O. The media server adapts this to its IStreamKeyValidator.
/// </summary>
public interface IStreamKeyLookup
{
    bool TryFind(string streamKey, [NotNullWhen(true)] out StreamKeyEntry? entry);
}
