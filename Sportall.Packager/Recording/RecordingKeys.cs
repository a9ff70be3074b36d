using System.Globalization;

namespace Sportall.Packager.Recording;

/// <summary>
/// Where a recording lives, in the spool and in the store alike (the spool folder mirrors the store prefix):
/// <code>
/// {KeyPrefix}/{assetId}/manifest.json            the asset (written last)
/// {KeyPrefix}/{assetId}/{trackId}/init-{p}.mp4   CMAF header of period p
/// {KeyPrefix}/{assetId}/{trackId}/seg-{msn}.m4s  media segment
/// </code>
/// </summary>
public static class RecordingKeys
{
    public const string JournalFileName = "journal.jsonl";
    public const string ManifestFileName = "manifest.json";

    // Asset ids go into URLs and keys unescaped: letters, digits, '-' and '_' only, bounded.
    private const int MaxAssetIdLength = 64;

    public static string InitFile(string trackId, int period) =>
        string.Create(CultureInfo.InvariantCulture, $"{trackId}/init-{period}.mp4");

    public static string SegmentFile(string trackId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{trackId}/seg-{sequence}.m4s");

    public static string Key(string prefix, string assetId, string relative) => $"{prefix}/{assetId}/{relative}";

    /// <summary>A new id: the UTC start to the second, then random bits, so ids sort by start and never collide.</summary>
    public static string NewAssetId(DateTimeOffset start) =>
        start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));

    public static bool IsValidAssetId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > MaxAssetIdLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
