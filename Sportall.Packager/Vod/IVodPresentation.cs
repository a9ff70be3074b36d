using System.IO.Pipelines;

namespace Sportall.Packager.Vod;

/// <summary>
/// A finished asset as the VOD endpoints serve it (a recorded live or an uploaded file): its tracks,
/// their segment lists, and the bytes of each init and media segment produced on request. The
/// playlist and MPD writers see only this, whatever the asset is stored as.
/// </summary>
public interface IVodPresentation
{
    string AssetId { get; }

    /// <summary>Every track; video tracks first. Segments of all tracks share boundaries where the source allows it.</summary>
    IReadOnlyList<VodTrack> Tracks { get; }

    /// <summary>Writes the CMAF init segment (ftyp + moov) of <paramref name="trackId"/>.</summary>
    ValueTask WriteInitSegmentAsync(string trackId, PipeWriter output, CancellationToken cancellationToken);

    /// <summary>Writes CMAF media segment <paramref name="segmentIndex"/> (0-based into <see cref="VodTrack.Segments"/>) of <paramref name="trackId"/>.</summary>
    ValueTask WriteMediaSegmentAsync(string trackId, int segmentIndex, PipeWriter output, CancellationToken cancellationToken);
}
