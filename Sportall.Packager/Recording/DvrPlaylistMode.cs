namespace Sportall.Packager.Recording;

public enum DvrPlaylistMode
{
    /// <summary>The last DvrWindowSeconds of the live.</summary>
    Sliding,

    /// <summary>Everything since the start (start-over); HLS EXT-X-PLAYLIST-TYPE:EVENT.</summary>
    Event,
}
