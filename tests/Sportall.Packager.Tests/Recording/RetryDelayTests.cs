using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sportall.Packager.Live;
using Sportall.Packager.Recording;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Recording;

public sealed class RetryDelayTests
{
    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(5, 16000)]
    [InlineData(6, 30000)]   // capped
    [InlineData(62, 30000)]  // no shift overflow
    public void DoublesFromTheInitialDelayUpToTheCap(int attempt, int expectedMs)
    {
        var root = Directory.CreateTempSubdirectory("sportall-retry-").FullName;
        var store = new FileSystemObjectStore(root);
        using var service = new RecordingService(store, new ObjectStoreReplayIndex(store), Options.Create(new RecordingOptions()),
            Options.Create(new PackagerOptions { DataPath = root }), TimeProvider.System, NullLogger<RecordingService>.Instance);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), service.RetryDelay(attempt));
        Directory.Delete(root, recursive: true);
    }
}
