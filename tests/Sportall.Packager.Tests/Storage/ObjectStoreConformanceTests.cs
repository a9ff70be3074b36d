using System.Security.Cryptography;
using System.Text;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Storage;

/// <summary>The behaviour every <see cref="IObjectStore"/> shares; one subclass per implementation.</summary>
public abstract class ObjectStoreConformanceTests
{
    // Past the SDK's 5 MiB multipart threshold several times over, so an unknown-length put spans parts.
    private const int LargeObjectBytes = 25 * 1024 * 1024;

    protected abstract IObjectStore Store { get; }

    // Each test works under its own prefix: the S3 stores share one bucket per class.
    private readonly string _root = "t-" + Guid.NewGuid().ToString("N")[..12];

    // A deadline on every store call: a hung server fails the test instead of the run.
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _deadline.Token;

    private string Key(string relative) => _root + "/" + relative;

    private Task Put(string key, byte[] bytes, string contentType = "application/octet-stream", bool knownLength = true) =>
        Store.PutAsync(key, new MemoryStream(bytes), knownLength ? bytes.Length : null, contentType, Ct);

    private async Task<byte[]?> ReadAll(Task<Stream?> open)
    {
        await using var stream = await open;
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    [StoreTheory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(70_000, true)]
    [InlineData(70_000, false)]
    public async Task Put_then_get_round_trips(int size, bool knownLength)
    {
        var bytes = DeterministicStream.Bytes((ulong)size + 7, size);
        var key = Key($"rt/{size}-{knownLength}.bin");
        await Put(key, bytes, knownLength: knownLength);
        Assert.Equal(bytes, await ReadAll(Store.OpenReadAsync(key, Ct)));
    }

    [StoreFact]
    public async Task Large_object_of_unknown_length_round_trips_by_hash()
    {
        var key = Key("large/recording.mp4");
        byte[] sent;
        await using (var source = new DeterministicStream(42, LargeObjectBytes))
        {
            await Store.PutAsync(key, source, null, "video/mp4", Ct);
            sent = source.Sha256();
        }
        var info = await Store.StatAsync(key, Ct);
        Assert.Equal(LargeObjectBytes, info?.Length);
        await using var read = await Store.OpenReadAsync(key, Ct);
        Assert.NotNull(read);
        Assert.Equal(Convert.ToHexString(sent), Convert.ToHexString(await SHA256.HashDataAsync(read, Ct)));
    }

    [StoreFact]
    public async Task Put_replaces_an_existing_object()
    {
        var key = Key("replace.txt");
        await Put(key, Encoding.UTF8.GetBytes("first version, longer"), "text/plain");
        await Put(key, Encoding.UTF8.GetBytes("second"), "text/csv");
        Assert.Equal("second", Encoding.UTF8.GetString((await ReadAll(Store.OpenReadAsync(key, Ct)))!));
        Assert.Equal("text/csv", (await Store.StatAsync(key, Ct))?.ContentType);
    }

    [StoreFact]
    public async Task A_failed_put_leaves_the_previous_object_whole()
    {
        var key = Key("atomic.bin");
        var original = DeterministicStream.Bytes(3, 1000);
        await Put(key, original);
        await using var failing = new DeterministicStream(4, 6 * 1024 * 1024) { FailAfter = 100_000 };
        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync(key, failing, null, "application/octet-stream", Ct));
        Assert.Equal(original, await ReadAll(Store.OpenReadAsync(key, Ct)));
    }

    public static TheoryData<string, long, long, int> Ranges => new()
    {
        // name, offset, length, expected bytes (object is 1000 bytes)
        { "first byte", 0, 1, 1 },
        { "middle", 100, 200, 200 },
        { "last byte", 999, 1, 1 },
        { "whole", 0, 1000, 1000 },
        { "tail past the end is clipped", 990, 100, 10 },
    };

    [StoreTheory]
    [MemberData(nameof(Ranges))]
    public async Task Range_reads_return_exactly_the_requested_bytes(string name, long offset, long length, int expected)
    {
        var bytes = DeterministicStream.Bytes(11, 1000);
        var key = Key("range.bin");
        await Put(key, bytes);
        var read = await ReadAll(Store.OpenReadRangeAsync(key, offset, length, Ct));
        Assert.True(read is not null, name);
        Assert.Equal(expected, read.Length);
        Assert.Equal(bytes.AsSpan((int)offset, expected).ToArray(), read);
    }

    [StoreFact]
    public async Task Range_starting_past_the_end_is_out_of_range()
    {
        var key = Key("short.bin");
        await Put(key, new byte[10]);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OpenReadRangeAsync(key, 10, 5, Ct));
    }

    [StoreFact]
    public async Task Stat_reports_length_content_type_and_modification_time()
    {
        var key = Key("seg/1.m4s");
        // Stores keep whole seconds (S3's Last-Modified is an HTTP date), so compare at that precision.
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        await Put(key, new byte[1234], "video/iso.segment");
        var after = DateTimeOffset.UtcNow.AddSeconds(2);
        var info = await Store.StatAsync(key, Ct);
        Assert.NotNull(info);
        Assert.Equal(key, info.Key);
        Assert.Equal(1234, info.Length);
        Assert.Equal("video/iso.segment", info.ContentType);
        Assert.InRange(info.LastModified, before, after);
    }

    [StoreFact]
    public async Task A_put_file_stores_the_file_and_removes_it()
    {
        var local = Path.Combine(Path.GetTempPath(), "sportall-put-file-" + Guid.NewGuid().ToString("N"));
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(local, bytes, Ct);
        var key = Key("spooled/3.m4s");
        await Store.PutFileAsync(key, local, "video/mp4", Ct);
        Assert.False(File.Exists(local));
        Assert.Equal(bytes, await ReadAll(Store.OpenReadAsync(key, Ct)));
        Assert.Equal("video/mp4", (await Store.StatAsync(key, Ct))?.ContentType);

        // A type the extension does not imply is kept as given.
        await File.WriteAllBytesAsync(local, bytes[..10], Ct);
        await Store.PutFileAsync(key, local, "video/iso.segment", Ct);
        Assert.Equal("video/iso.segment", (await Store.StatAsync(key, Ct))?.ContentType);
        Assert.Equal(bytes[..10], await ReadAll(Store.OpenReadAsync(key, Ct)));

        // A file that is not there stores nothing (the recorder reads that as "uploaded by an earlier attempt").
        await Assert.ThrowsAnyAsync<IOException>(() => Store.PutFileAsync(Key("spooled/4.m4s"), local, "video/mp4", Ct));
        Assert.Null(await Store.StatAsync(Key("spooled/4.m4s"), Ct));
    }

    [StoreFact]
    public async Task Missing_objects_read_as_null()
    {
        var key = Key("nothing/here.bin");
        Assert.Null(await Store.OpenReadAsync(key, Ct));
        Assert.Null(await Store.OpenReadRangeAsync(key, 0, 10, Ct));
        Assert.Null(await Store.StatAsync(key, Ct));
    }

    [StoreFact]
    public async Task List_returns_nested_keys_under_a_prefix_in_key_order()
    {
        string[] keys = ["a/b/c/3.bin", "a/1.bin", "a/b/2.bin", "ab/4.bin", "z/5.bin"];
        for (var i = 0; i < keys.Length; i++)
        {
            await Put(Key(keys[i]), new byte[i + 1]);
        }

        var folder = await ToList(Store.ListAsync(Key("a/"), Ct));
        Assert.Equal([Key("a/1.bin"), Key("a/b/2.bin"), Key("a/b/c/3.bin")], folder.Select(o => o.Key));
        Assert.Equal([2L, 3L, 1L], folder.Select(o => o.Length));

        // S3 prefixes are plain string prefixes, not folders: "a" matches "ab/" too.
        var stringPrefix = await ToList(Store.ListAsync(Key("a"), Ct));
        Assert.Equal([Key("a/1.bin"), Key("a/b/2.bin"), Key("a/b/c/3.bin"), Key("ab/4.bin")], stringPrefix.Select(o => o.Key));

        Assert.Empty(await ToList(Store.ListAsync(Key("missing/"), Ct)));
    }

    [StoreFact]
    public async Task Delete_removes_the_object_and_tolerates_missing_ones()
    {
        var key = Key("del/x.bin");
        var sibling = Key("del/y.bin");
        await Put(key, new byte[5]);
        await Put(sibling, new byte[6]);
        await Store.DeleteAsync(key, Ct);
        Assert.Null(await Store.StatAsync(key, Ct));
        Assert.Null(await Store.OpenReadAsync(key, Ct));
        Assert.Equal([sibling], (await ToList(Store.ListAsync(Key("del/"), Ct))).Select(o => o.Key));
        await Store.DeleteAsync(key, Ct);
        await Store.DeleteAsync(sibling, Ct);
        Assert.Empty(await ToList(Store.ListAsync(Key("del/"), Ct)));
    }

    public static TheoryData<string> BadKeys => new()
    {
        "",
        "/abs/key",
        "..",
        "../escape",
        "a/../../escape",
        "a/./b",
        "a\\b",
        "..\\escape",
        "a//b",
        "a/",
        "a/b\0c",
        ".sportall-meta/x",
    };

    [StoreTheory]
    [MemberData(nameof(BadKeys))]
    public async Task Bad_keys_are_rejected_by_every_operation(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1]), 1, "application/octet-stream", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadRangeAsync(key, 0, 1, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.StatAsync(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key, Ct));
    }

    [StoreTheory]
    [InlineData("../")]
    [InlineData("/a/")]
    [InlineData("a//")]
    [InlineData("a\\")]
    public async Task Bad_list_prefixes_are_rejected(string prefix)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ToList(Store.ListAsync(prefix, Ct)));
    }

    private static async Task<List<ObjectInfo>> ToList(IAsyncEnumerable<ObjectInfo> items)
    {
        var list = new List<ObjectInfo>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
