namespace Sportall.Packager.Storage;

/// <summary>
/// Where recordings and VOD assets live: a flat namespace of '/'-separated keys (see <see cref="ObjectKey"/>).
/// Reads and writes stream; no implementation buffers a whole object.
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing any object there; readers never see a partial object.</summary>
    /// <param name="length">The content length when known; null streams it in parts.</param>
    Task PutAsync(string key, Stream content, long? length, string contentType, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the local file at <paramref name="path"/> under <paramref name="key"/> and removes the file: a store on
    /// the same file system can take the file itself instead of copying it. A missing file throws
    /// <see cref="FileNotFoundException"/> (or <see cref="DirectoryNotFoundException"/>) and stores nothing.
    /// </summary>
    Task PutFileAsync(string key, string path, string contentType, CancellationToken cancellationToken) =>
        CopyFileAsync(this, key, path, contentType, cancellationToken);

    /// <summary>A put of the file's bytes, then the file removed: what a store that cannot take the file does.</summary>
    protected static async Task CopyFileAsync(IObjectStore store, string key, string path, string contentType, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            await store.PutAsync(key, file, file.Length, contentType, cancellationToken).ConfigureAwait(false);
        }
        File.Delete(path);
    }

    /// <summary>The whole object as a forward-only stream, or null when there is no such object.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="length"/> bytes from <paramref name="offset"/> (fewer when the object ends first), or null when there is no such object.
    /// An offset at or past the end throws <see cref="ArgumentOutOfRangeException"/>, as HTTP answers 416.
    /// </summary>
    Task<Stream?> OpenReadRangeAsync(string key, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Length, content type and last modification of an object, or null when there is no such object.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Every object whose key starts with <paramref name="prefix"/> (a plain string prefix, as S3 lists), nested keys included, in ordinal key order.
    /// S3 listings carry no content type: there it reads application/octet-stream, and <see cref="StatAsync"/> has the real one.
    /// </summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Removes an object; removing a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
