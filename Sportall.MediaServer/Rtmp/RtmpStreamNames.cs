namespace Sportall.MediaServer.Rtmp;

/// <summary>How the "app" and stream name of rtmp://host/app/name are read from what clients send.</summary>
public static class RtmpStreamNames
{
    /// <summary>
    /// The application from connect's "app", or from the path of "tcUrl" when "app" is empty.
    /// OBS sends "live/" with a trailing slash; some clients put a query (?token=...) into the app.
    /// </summary>
    public static string NormalizeApp(string? app, string? tcUrl)
    {
        var value = StripQueryAndSlashes(app);
        if (value.Length == 0 && !string.IsNullOrEmpty(tcUrl) && Uri.TryCreate(tcUrl, UriKind.Absolute, out var uri))
        {
            value = StripQueryAndSlashes(uri.AbsolutePath);
        }

        return value;
    }

    /// <summary>The stream key from publish's name: clients append "?token=x" to the key.</summary>
    public static string NormalizeStreamName(string? name) => StripQueryAndSlashes(name);

    private static string StripQueryAndSlashes(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var query = value.IndexOf('?');
        if (query >= 0)
        {
            value = value[..query];
        }

        return value.Trim('/');
    }
}
