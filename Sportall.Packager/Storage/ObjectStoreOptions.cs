namespace Sportall.Packager.Storage;

/// <summary>Object storage settings, bound from the "Storage" configuration section.</summary>
public sealed class ObjectStoreOptions
{
    public const string SectionName = "Storage";

    public ObjectStoreKind Kind { get; set; } = ObjectStoreKind.FileSystem;

    /// <summary>File system store root; empty means <c>&lt;Packager:DataPath&gt;/objects</c>.</summary>
    public string? RootPath { get; set; }

    /// <summary>S3 endpoint as host[:port] or an http(s) URL (a URL's scheme overrides <see cref="UseSsl"/>).</summary>
    public string? Endpoint { get; set; }

    public string Bucket { get; set; } = "sportall";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";

    public bool UseSsl { get; set; } = true;

    /// <summary>
    /// Address buckets as <c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c>. MinIO and most
    /// self-hosted services need it; the Minio SDK only uses virtual-host style for amazonaws.com endpoints.
    /// </summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>How long the presigned URLs used for reads stay valid; a read must start within it.</summary>
    public int PresignedUrlSeconds { get; set; } = 300;
}
