namespace Sportall.MediaServer.Srt;

/// <summary>
/// What a caller asked for in SRTO_STREAMID: the application ("live"), the stream key and the mode.
/// Three spellings are understood, as encoders in the field send them:
/// <code>
///   #!::r=live/KEY,m=publish     Haivision access control (AccessControl.md): comma-separated key=value
///                               after "#!::"; keys u (user), r (resource), h (host), s (session),
///                               t (type), m (mode); "m" defaults to request
///   publish:live/KEY            mediamtx's prefix form (also read:/request: for playback)
///   live/KEY                    a bare resource: treated as publish, since this listener only ingests
/// </code>
/// </summary>
public readonly record struct SrtStreamId(string App, string StreamKey, SrtStreamMode Mode, string? User)
{
    /// <summary>SRTO_STREAMID is at most 512 bytes (API-socket-options.md).</summary>
    public const int MaxLength = 512;

    private const string AccessControlPrefix = "#!::";

    /// <summary>False when the id is empty, too long or does not name app/key in one of the three forms.</summary>
    public static bool TryParse(string? streamId, out SrtStreamId value)
    {
        value = default;
        if (string.IsNullOrEmpty(streamId) || streamId.Length > MaxLength)
        {
            return false;
        }

        if (streamId.StartsWith(AccessControlPrefix, StringComparison.Ordinal))
        {
            return TryParseAccessControl(streamId.AsSpan(AccessControlPrefix.Length), out value);
        }

        var mode = SrtStreamMode.Publish;
        var resource = streamId.AsSpan();
        var colon = resource.IndexOf(':');
        if (colon >= 0)
        {
            var prefix = resource[..colon];
            if (prefix.SequenceEqual("publish"))
            {
                mode = SrtStreamMode.Publish;
            }
            else if (prefix.SequenceEqual("read") || prefix.SequenceEqual("request"))
            {
                mode = SrtStreamMode.Request;
            }
            else
            {
                return false;
            }

            resource = resource[(colon + 1)..];
        }

        return TryParseResource(resource, mode, null, out value);
    }

    // "Each key-value pair is separated by a comma... The value may not contain a comma" (AccessControl.md).
    private static bool TryParseAccessControl(ReadOnlySpan<char> pairs, out SrtStreamId value)
    {
        value = default;
        ReadOnlySpan<char> resource = default;
        string? user = null;
        var mode = SrtStreamMode.Request;
        var hasResource = false;
        foreach (var range in pairs.Split(','))
        {
            var pair = pairs[range];
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            var key = pair[..equals];
            var text = pair[(equals + 1)..];
            switch (key)
            {
                case "r":
                    resource = text;
                    hasResource = true;
                    break;
                case "u":
                    user = text.ToString();
                    break;
                case "m":
                    if (text.SequenceEqual("publish"))
                    {
                        mode = SrtStreamMode.Publish;
                    }
                    else if (text.SequenceEqual("request"))
                    {
                        mode = SrtStreamMode.Request;
                    }
                    else if (text.SequenceEqual("bidirectional"))
                    {
                        mode = SrtStreamMode.Bidirectional;
                    }
                    else
                    {
                        return false;
                    }

                    break;
                case "t":
                    // "stream" is the default and the only type a live listener carries (file/auth are not).
                    if (!text.SequenceEqual("stream"))
                    {
                        return false;
                    }

                    break;
                default:
                    // h (host), s (session) and user-defined keys carry nothing this server uses.
                    break;
            }
        }

        return hasResource && TryParseResource(resource, mode, user, out value);
    }

    // "live/KEY": exactly one '/', both parts non-empty. OBS-style trailing slashes are not accepted:
    // a key that is not exactly what was configured is a different key.
    private static bool TryParseResource(ReadOnlySpan<char> resource, SrtStreamMode mode, string? user, out SrtStreamId value)
    {
        value = default;
        var slash = resource.IndexOf('/');
        if (slash <= 0 || slash == resource.Length - 1)
        {
            return false;
        }

        var key = resource[(slash + 1)..];
        if (key.IndexOf('/') >= 0)
        {
            return false;
        }

        value = new SrtStreamId(resource[..slash].ToString(), key.ToString(), mode, user);
        return true;
    }
}
