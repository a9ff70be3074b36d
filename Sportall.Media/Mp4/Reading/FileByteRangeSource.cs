using Microsoft.Win32.SafeHandles;

namespace Sportall.Media.Mp4.Reading;

/// <summary>A local file as an <see cref="IByteRangeSource"/> (positional reads: safe to share between concurrent readers).</summary>
public sealed class FileByteRangeSource : IByteRangeSource, IDisposable
{
    private readonly SafeFileHandle _handle;

    public FileByteRangeSource(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess);
        Length = RandomAccess.GetLength(_handle);
    }

    public long Length { get; }

    public async ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(_handle, buffer[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    public void Dispose() => _handle.Dispose();
}
