using System.Security.Cryptography;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>
/// Ids and object keys of uploaded assets. Ids start with "up-" so the uploaded-asset source answers for its
/// own ids without asking the store about every recorded asset's id.
/// <code>
/// uploads/{assetId}/source   the file exactly as uploaded
/// uploads/{assetId}/index    the sample index (a cache: rebuilt from source when missing or stale)
/// </code>
/// </summary>
public static class UploadedAssetKeys
{
    public const string IdPrefix = "up-";

    private const int RandomChars = 20;

    public static string NewId() => IdPrefix + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", RandomChars);

    public static bool IsUploadedAssetId(string assetId)
    {
        if (assetId.Length != IdPrefix.Length + RandomChars || !assetId.StartsWith(IdPrefix, StringComparison.Ordinal)) return false;
        foreach (var c in assetId.AsSpan(IdPrefix.Length))
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        return true;
    }

    public static string Source(string assetId) => $"uploads/{assetId}/source";

    public static string Index(string assetId) => $"uploads/{assetId}/index";
}
