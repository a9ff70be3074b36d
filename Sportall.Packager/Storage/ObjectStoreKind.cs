namespace Sportall.Packager.Storage;

public enum ObjectStoreKind
{
    /// <summary>Plain files under <c>&lt;DataPath&gt;/objects</c>: the embedded default, nothing else to run.</summary>
    FileSystem,

    /// <summary>Any S3-compatible service (MinIO, AWS S3, Ceph RGW…).</summary>
    S3,
}
