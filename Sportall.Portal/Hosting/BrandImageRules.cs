using System.Security.Cryptography;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Hosting;

/// <summary>
/// What a logo or favicon upload may be. The type is taken from the file's magic bytes, never from the
/// upload's declared type, and SVG is refused: served from the portal's origin it could run script.
/// </summary>
public static class BrandImageRules
{
    /// <summary>A logo shown at header height needs no more than a few tens of KiB; 256 KiB leaves room.</summary>
    public const int MaxLogoBytes = 256 * 1024;

    /// <summary>Favicons are 16-64 px; 64 KiB fits a multi-size .ico.</summary>
    public const int MaxFaviconBytes = 64 * 1024;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, int maxBytes, out BrandImage? image, out string? error)
    {
        image = null;
        if (bytes.Length == 0 || bytes.Length > maxBytes)
        {
            error = $"the image must be 1 byte to {maxBytes / 1024} KiB";
            return false;
        }
        var type = Sniff(bytes);
        if (type is null)
        {
            error = "the image must be PNG, JPEG, WebP, GIF or ICO";
            return false;
        }
        image = new BrandImage
        {
            ContentType = type,
            Bytes = bytes.ToArray(),
            Version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16],
        };
        error = null;
        return true;
    }

    private static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return "image/gif";
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0x00])) return "image/x-icon";
        return null;
    }
}
