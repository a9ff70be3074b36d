using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sportall.MediaServer.Hub;
using Sportall.MediaServer.Packaging;
using Sportall.Packager.Live;

namespace Sportall.MediaServer.Tests.Packaging;

public sealed class LivePackagingServiceTests
{
    [Fact]
    public async Task StartRemovesLiveWindowSegmentsACrashedRunLeftButNothingElse()
    {
        var data = Directory.CreateTempSubdirectory("sportall-packaging").FullName;
        try
        {
            var stale = Path.Combine(data, "live", "match", "video");
            Directory.CreateDirectory(stale);
            File.WriteAllBytes(Path.Combine(stale, "7.m4s"), [1, 2, 3]);
            var other = Path.Combine(data, "objects", "keep.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(other)!);
            File.WriteAllBytes(other, [4]);

            using var service = new LivePackagingService(new StreamHub(), new LiveStreamRegistry(),
                Options.Create(new PackagerOptions { DataPath = data }), TimeProvider.System, NullLoggerFactory.Instance);
            await service.StartAsync(CancellationToken.None);

            Assert.False(Directory.Exists(Path.Combine(data, "live")));
            Assert.True(File.Exists(other));
            await service.StopAsync(CancellationToken.None);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
