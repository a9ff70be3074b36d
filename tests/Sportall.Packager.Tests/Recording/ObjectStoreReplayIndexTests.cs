using Sportall.Packager.Recording;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Recording;

public sealed class ObjectStoreReplayIndexTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sportall-index-").FullName;

    [Fact]
    public async Task ListsTheReplaysOfOneNameNewestFirstAndAddingTwiceKeepsOne()
    {
        var index = new ObjectStoreReplayIndex(new FileSystemObjectStore(_root));
        var t0 = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        ReplayEntry Entry(string id, string name, DateTimeOffset start) => new(id, name, start, 60, $"/vod/{id}/index.m3u8", $"/vod/{id}/index.mpd");

        await index.AddAsync(Entry("old", "final", t0), default);
        await index.AddAsync(Entry("new", "final", t0.AddHours(2)), default);
        await index.AddAsync(Entry("mid", "final", t0.AddHours(1)), default);
        await index.AddAsync(Entry("mid", "final", t0.AddHours(1)), default);
        // A name that is another's prefix, and one with characters keys forbid, stay apart.
        await index.AddAsync(Entry("other", "final2", t0.AddHours(3)), default);
        await index.AddAsync(Entry("odd", "../a b\\c", t0), default);

        Assert.Equal(["new", "mid", "old"], (await index.ListAsync("final", default)).Select(r => r.AssetId));
        Assert.Equal(["odd"], (await index.ListAsync("../a b\\c", default)).Select(r => r.AssetId));
        Assert.Empty(await index.ListAsync("nobody", default));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
