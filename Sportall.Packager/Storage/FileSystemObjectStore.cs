using System.Runtime.CompilerServices;
using Sportall.Packager.Delivery;

namespace Sportall.Packager.Storage;

/// <summary>
/// Objects as plain files under a root folder, so recordings can be served with sendfile and inspected by hand.
/// <code>
/// root/
///   recordings/match-1/video/1.m4s        the object's bytes
///   .sportall-meta/recordings/match-1/video/1.m4s   its content type (UTF-8 text), unless the extension implies it
///   .sportall-staging/&lt;guid&gt;          writes in progress
/// </code>
/// A put writes a staging file and renames it over the target (atomic on one file system), so a reader sees
/// the old object or the new one, never a torn one.
/// </summary>
public sealed class FileSystemObjectStore : IObjectStore
{
    private const string MetaFolder = ObjectKey.ReservedPrefix + "meta";
    private const string StagingFolder = ObjectKey.ReservedPrefix + "staging";
    private const string DefaultContentType = "application/octet-stream";

    // Large enough that a 2 MB segment copies in a few syscalls, small enough to stay off the LOH.
    private const int CopyBufferBytes = 81920;

    private readonly string _root;
    private readonly string _metaRoot;
    private readonly string _staging;

    public FileSystemObjectStore(string rootPath)
    {
        _root = Path.GetFullPath(rootPath);
        _metaRoot = Path.Combine(_root, MetaFolder);
        _staging = Path.Combine(_root, StagingFolder);
        Directory.CreateDirectory(_root);
    }

    public string RootPath => _root;

    public async Task PutAsync(string key, Stream content, long? length, string contentType, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_staging);
        var staged = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(staged, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
                PreallocationSize = length ?? 0,
            }))
            {
                await content.CopyToAsync(file, CopyBufferBytes, cancellationToken).ConfigureAwait(false);
                if (length is { } expected && file.Length != expected)
                {
                    throw new InvalidDataException($"Put of '{key}' declared {expected} bytes but the stream held {file.Length}.");
                }
            }
            await PublishAsync(key, staged, contentType, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(staged);
            throw;
        }
    }

    /// <summary>
    /// Takes the file itself where it can: a hard link in the staging folder, renamed into place like a put, then the
    /// file's own name removed, so a recorded segment is written once, not twice, and the file stays readable under
    /// its own name until the object is in place (the DVR reads spooled segments there). On another file system it
    /// copies, as a put does.
    /// </summary>
    public async Task PutFileAsync(string key, string path, string contentType, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        Directory.CreateDirectory(_staging);
        var staged = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        if (!HardLink.TryCreate(path, staged))
        {
            await IObjectStore.CopyFileAsync(this, key, path, contentType, cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            await PublishAsync(key, staged, contentType, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(staged);
            throw;
        }
        File.Delete(path);
    }

    // The content type goes first: a reader racing the rename may see the new type with the old bytes for an
    // instant, never bytes without a type. A type the key's extension implies needs no file of its own (one file
    // less per recorded segment); a stale one from an earlier put of the key goes.
    private async Task PublishAsync(string key, string staged, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var metaPath = MetaPathOf(key);
        if (string.Equals(contentType, ImpliedContentType(key), StringComparison.Ordinal))
        {
            TryDelete(metaPath);
        }
        else
        {
            await RetryOnPrunedFolder(metaPath, p => File.WriteAllTextAsync(p, contentType, cancellationToken)).ConfigureAwait(false);
        }
        await RetryOnPrunedFolder(path, p =>
        {
            File.Move(staged, p, overwrite: true);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
    }

    /// <summary>The content type an object without a type file has: the one its extension implies, else bytes.</summary>
    internal static string ImpliedContentType(string key) => Path.GetExtension(key).ToLowerInvariant() switch
    {
        ".m4s" or ".mp4" or ".m4v" or ".cmfv" => DeliveryHeaders.VideoMp4,
        ".m4a" or ".cmfa" => DeliveryHeaders.AudioMp4,
        ".json" => "application/json",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".m3u8" => DeliveryHeaders.HlsPlaylist,
        ".mpd" => DeliveryHeaders.DashMpd,
        _ => DefaultContentType,
    };

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        return Task.FromResult<Stream?>(TryOpen(PathOf(key)));
    }

    public Task<Stream?> OpenReadRangeAsync(string key, long offset, long length, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        // Unbuffered: range readers (VOD segments) read whole sample runs into their own buffers, and an 80 KB
        // FileStream buffer allocated per range would be most of what serving a segment allocates.
        var file = TryOpen(PathOf(key), bufferSize: 0);
        if (file is null)
        {
            return Task.FromResult<Stream?>(null);
        }
        if (offset >= file.Length)
        {
            var size = file.Length;
            file.Dispose();
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The object '{key}' holds {size} bytes.");
        }
        file.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream?>(new BoundedReadStream(file, Math.Min(length, file.Length - offset)));
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        var file = new FileInfo(PathOf(key));
        return file.Exists ? await InfoOf(key, file, cancellationToken).ConfigureAwait(false) : null;
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.ValidatePrefix(prefix);
        // Walk only the folder the prefix's complete segments name; the partial last segment filters.
        var lastSlash = prefix.LastIndexOf('/');
        var folder = lastSlash < 0 ? _root : Path.Combine(_root, prefix[..lastSlash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            yield break;
        }
        var keys = new List<(string Key, FileInfo File)>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(ObjectKey.ReservedPrefix, StringComparison.Ordinal) || !key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            keys.Add((key, file));
        }
        keys.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (key, file) in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            file.Refresh();
            if (file.Exists)
            {
                yield return await InfoOf(key, file, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        var path = PathOf(key);
        TryDelete(path);
        TryDelete(MetaPathOf(key));
        PruneEmptyFolders(Path.GetDirectoryName(path)!, _root);
        PruneEmptyFolders(Path.GetDirectoryName(MetaPathOf(key))!, _metaRoot);
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));

    private string MetaPathOf(string key) => Path.Combine(_metaRoot, key.Replace('/', Path.DirectorySeparatorChar));

    private async Task<ObjectInfo> InfoOf(string key, FileInfo file, CancellationToken cancellationToken)
    {
        string contentType;
        try
        {
            contentType = await File.ReadAllTextAsync(MetaPathOf(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            contentType = ImpliedContentType(key);
        }
        return new ObjectInfo(key, file.Length, contentType, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
    }

    // A delete of the folder's last object prunes the folder; a put racing it recreates the folder and tries again.
    private static async Task RetryOnPrunedFolder(string path, Func<string, Task> write)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                await write(path).ConfigureAwait(false);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < Attempts)
            {
            }
        }
    }

    private static FileStream? TryOpen(string path, int bufferSize = CopyBufferBytes)
    {
        try
        {
            // FileShare.Delete: a delete or replacing put must not fail because a viewer is still reading.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    // Folders exist only to hold objects (S3 has none), so a delete leaves no empty folders behind.
    private static void PruneEmptyFolders(string folder, string stopAt)
    {
        while (folder.Length > stopAt.Length && folder.StartsWith(stopAt, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    return;
                }
                Directory.Delete(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A concurrent put filled it or removed it first: either way we are done here.
                return;
            }
            folder = Path.GetDirectoryName(folder)!;
        }
    }
}
