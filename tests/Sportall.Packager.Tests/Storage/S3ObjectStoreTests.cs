using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Storage;

/// <summary>The conformance suite against a local s3rver the fixture starts.</summary>
public sealed class S3ObjectStoreTests(S3rverFixture s3rver) : ObjectStoreConformanceTests, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3ObjectStore _store = new(s3rver.Options);

    protected override IObjectStore Store => _store;

    public void Dispose() => _store.Dispose();
}
