using System.Buffers.Text;
using System.Collections.Concurrent;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// What the edge learns about each stream from the playlists passing through: the part target, which
/// bounds how long a 404 for a future part may be cached (half a part).
/// </summary>
internal sealed class EdgeStreamTimings
{
    private readonly ConcurrentDictionary<string, double> _partTargetSeconds = new(StringComparer.Ordinal);

    public void Learn(string stream, double partTargetSeconds)
    {
        if (partTargetSeconds > 0)
        {
            _partTargetSeconds[stream] = partTargetSeconds;
        }
    }

    public bool TryGetPartTarget(string stream, out double seconds) => _partTargetSeconds.TryGetValue(stream, out seconds);

    /// <summary>The value after <paramref name="attribute"/> (e.g. "PART-TARGET=") in a playlist, in seconds.</summary>
    public static bool TryReadSeconds(ReadOnlySpan<byte> playlist, ReadOnlySpan<byte> attribute, out double seconds)
    {
        seconds = 0;
        int at = playlist.IndexOf(attribute);
        if (at < 0)
        {
            return false;
        }
        var value = playlist[(at + attribute.Length)..];
        return Utf8Parser.TryParse(value, out seconds, out _) && seconds > 0;
    }
}
