using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Storage;

public sealed class FileSystemObjectStoreTests : ObjectStoreConformanceTests, IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("sportall-objects-").FullName;
    private readonly FileSystemObjectStore _store;

    public FileSystemObjectStoreTests() => _store = new FileSystemObjectStore(Path.Combine(_dataPath, "objects"));

    protected override IObjectStore Store => _store;

    [Fact]
    public async Task Objects_are_plain_files_under_the_root_and_no_staging_file_survives()
    {
        await _store.PutAsync("rec/m1/video/1.m4s", new MemoryStream([1, 2, 3]), null, "video/iso.segment", CancellationToken.None);
        await using var failing = new DeterministicStream(1, 1_000_000) { FailAfter = 10_000 };
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("rec/m1/video/2.m4s", failing, null, "video/iso.segment", CancellationToken.None));

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_dataPath, "objects", "rec", "m1", "video", "1.m4s")));
        Assert.False(File.Exists(Path.Combine(_dataPath, "objects", "rec", "m1", "video", "2.m4s")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dataPath, "objects", ObjectKey.ReservedPrefix + "staging")));
    }

    [Fact]
    public async Task Deleting_the_last_object_of_a_folder_removes_the_empty_folders()
    {
        await _store.PutAsync("rec/m2/audio/1.m4s", new MemoryStream([1]), 1, "audio/mp4", CancellationToken.None);
        await _store.DeleteAsync("rec/m2/audio/1.m4s", CancellationToken.None);
        Assert.False(Directory.Exists(Path.Combine(_dataPath, "objects", "rec")));
        Assert.True(Directory.Exists(Path.Combine(_dataPath, "objects")));
    }

    [Fact]
    public async Task A_declared_length_that_does_not_match_fails_the_put()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.PutAsync("short.bin", new MemoryStream(new byte[5]), 6, "application/octet-stream", CancellationToken.None));
        Assert.Null(await _store.StatAsync("short.bin", CancellationToken.None));
    }

    [Fact]
    public async Task A_content_type_the_extension_implies_needs_no_type_file_and_a_stale_one_goes()
    {
        var metaFile = Path.Combine(_dataPath, "objects", ObjectKey.ReservedPrefix + "meta", "rec", "m3", "video", "1.m4s");
        await _store.PutAsync("rec/m3/video/1.m4s", new MemoryStream([1]), 1, "video/iso.segment", CancellationToken.None);
        Assert.True(File.Exists(metaFile));

        var spooled = Path.Combine(_dataPath, "spooled.m4s");
        await File.WriteAllBytesAsync(spooled, [2, 3]);
        await _store.PutFileAsync("rec/m3/video/1.m4s", spooled, "video/mp4", CancellationToken.None);
        Assert.False(File.Exists(metaFile));
        Assert.Equal("video/mp4", (await _store.StatAsync("rec/m3/video/1.m4s", CancellationToken.None))?.ContentType);
        Assert.Equal([2, 3], await File.ReadAllBytesAsync(Path.Combine(_dataPath, "objects", "rec", "m3", "video", "1.m4s")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dataPath, "objects", ObjectKey.ReservedPrefix + "staging")));

        // Without a type file, what the extension implies; bytes for an extension that implies nothing.
        await _store.PutAsync("rec/m3/raw.bin", new MemoryStream([1]), 1, "application/octet-stream", CancellationToken.None);
        Assert.Equal("application/octet-stream", (await _store.StatAsync("rec/m3/raw.bin", CancellationToken.None))?.ContentType);
        Assert.Equal("application/json", FileSystemObjectStore.ImpliedContentType("rec/m3/manifest.json"));
    }

    public void Dispose() => Directory.Delete(_dataPath, recursive: true);
}
