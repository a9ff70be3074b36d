namespace Sportall.MediaServer.Edge;

internal static class EdgeObject
{
    public static EdgeObjectKind KindOf(ReadOnlySpan<char> path)
    {
        int slash = path.LastIndexOf('/');
        var file = slash >= 0 ? path[(slash + 1)..] : path;
        if (file.EndsWith(".m3u8"))
        {
            return EdgeObjectKind.Playlist;
        }
        if (file.EndsWith(".mpd"))
        {
            return EdgeObjectKind.Mpd;
        }
        if (file.StartsWith("part-"))
        {
            return EdgeObjectKind.Part;
        }
        if (file.StartsWith("seg-"))
        {
            return EdgeObjectKind.Segment;
        }
        if (file.StartsWith("init-"))
        {
            return EdgeObjectKind.Init;
        }
        return EdgeObjectKind.Other;
    }

    /// <summary>The stream name of /live/{name}/…, or null.</summary>
    public static string? StreamOf(string path)
    {
        const string Live = "/live/";
        if (!path.StartsWith(Live, StringComparison.Ordinal))
        {
            return null;
        }
        int end = path.IndexOf('/', Live.Length);
        return end > Live.Length ? path[Live.Length..end] : null;
    }

    public static string Label(EdgeObjectKind kind) => kind switch
    {
        EdgeObjectKind.Playlist => "playlist",
        EdgeObjectKind.Mpd => "mpd",
        EdgeObjectKind.Init => "init",
        EdgeObjectKind.Segment => "segment",
        EdgeObjectKind.Part => "part",
        _ => "other",
    };
}
