namespace Sportall.Portal.Catalog;

/// <summary>An uploaded logo or favicon, stored in the tenant's document (they are small: see BrandImageRules).</summary>
public sealed class BrandImage
{
    public string ContentType { get; set; } = "";
    public byte[] Bytes { get; set; } = [];

    /// <summary>Hex SHA-256 prefix of the bytes: the cache-busting version in the image's URL.</summary>
    public string Version { get; set; } = "";
}
