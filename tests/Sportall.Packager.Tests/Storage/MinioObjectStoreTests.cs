using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Storage;

/// <summary>
/// The conformance suite against a real S3 service (MinIO in CI), which, unlike s3rver, checks signatures.
/// Runs when S3_ENDPOINT (an http(s) URL or host:port), S3_ACCESS_KEY, S3_SECRET_KEY and S3_BUCKET are set.
/// </summary>
[RequiresEnvironment("S3_ENDPOINT")]
public sealed class MinioObjectStoreTests : ObjectStoreConformanceTests, IDisposable
{
    private readonly S3ObjectStore? _store;

    public MinioObjectStoreTests()
    {
        var endpoint = Environment.GetEnvironmentVariable("S3_ENDPOINT");
        if (!string.IsNullOrEmpty(endpoint))
        {
            _store = new S3ObjectStore(new ObjectStoreOptions
            {
                Kind = ObjectStoreKind.S3,
                Endpoint = endpoint,
                Bucket = Environment.GetEnvironmentVariable("S3_BUCKET") is { Length: > 0 } bucket ? bucket : "sportall-test",
                AccessKey = Environment.GetEnvironmentVariable("S3_ACCESS_KEY"),
                SecretKey = Environment.GetEnvironmentVariable("S3_SECRET_KEY"),
                UseSsl = endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
            });
        }
    }

    protected override IObjectStore Store => _store ?? throw new InvalidOperationException("S3_ENDPOINT is not set.");

    public void Dispose() => _store?.Dispose();
}
