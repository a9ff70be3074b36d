namespace Sportall.Packager.Storage;

/// <summary>
/// The key rules every store enforces, so a key that works on one store works on all of them and a key can
/// never leave the file system store's root: '/'-separated relative paths without '.' or '..' segments,
/// backslashes, empty segments or control characters, and not inside the store's reserved folder.
/// </summary>
public static class ObjectKey
{
    /// <summary>First segments starting with this belong to the file system store's own bookkeeping.</summary>
    public const string ReservedPrefix = ".sportall-";

    // S3 caps keys at 1024 UTF-8 bytes; holding every store to it keeps keys portable between stores.
    public const int MaxKeyBytes = 1024;

    public static void Validate(string key, string paramName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length == 0)
        {
            throw new ArgumentException("An object key must not be empty.", paramName);
        }
        ValidateSegments(key, allowTrailingSlash: false, paramName);
    }

    /// <summary>A list prefix: empty, or a key's start (a trailing '/' is allowed, a partial last segment too).</summary>
    public static void ValidatePrefix(string prefix, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        if (prefix.Length != 0)
        {
            ValidateSegments(prefix, allowTrailingSlash: true, paramName);
        }
    }

    private static void ValidateSegments(string key, bool allowTrailingSlash, string paramName)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new ArgumentException($"An object key must not exceed {MaxKeyBytes} UTF-8 bytes.", paramName);
        }
        if (key[0] == '/')
        {
            throw new ArgumentException($"Object key '{key}' must be relative (no leading '/').", paramName);
        }
        foreach (var c in key)
        {
            if (c == '\\')
            {
                throw new ArgumentException($"Object key '{key}' must use '/' as its separator, not '\\'.", paramName);
            }
            if (char.IsControl(c))
            {
                throw new ArgumentException("An object key must not contain control characters.", paramName);
            }
        }
        var end = allowTrailingSlash && key[^1] == '/' ? key.Length - 1 : key.Length;
        var start = 0;
        var first = true;
        while (start <= end)
        {
            var slash = key.IndexOf('/', start, end - start);
            var segment = key.AsSpan(start, (slash < 0 ? end : slash) - start);
            if (segment.Length == 0)
            {
                throw new ArgumentException($"Object key '{key}' has an empty segment.", paramName);
            }
            if (segment is "." or "..")
            {
                throw new ArgumentException($"Object key '{key}' must not contain '.' or '..' segments.", paramName);
            }
            if (first && segment.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Object keys starting with '{ReservedPrefix}' are reserved.", paramName);
            }
            first = false;
            if (slash < 0)
            {
                break;
            }
            start = slash + 1;
        }
    }
}
