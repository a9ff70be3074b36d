namespace Sportall.MediaServer.Edge;

/// <summary>What an edge request asks for, from its path; sets cache and stale rules and the metrics label.</summary>
public enum EdgeObjectKind
{
    Playlist,
    Mpd,
    Init,
    Segment,
    Part,
    Other,
}
