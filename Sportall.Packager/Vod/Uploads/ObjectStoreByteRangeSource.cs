using Sportall.Media.Mp4.Reading;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>An object read by ranges, for the MP4 reader: a box header or the moov, never the mdat.</summary>
internal sealed class ObjectStoreByteRangeSource(IObjectStore store, string key, long length) : IByteRangeSource
{
    public long Length => length;

    public async ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset >= length || buffer.IsEmpty) return 0;
        var want = (int)Math.Min(buffer.Length, length - offset);
        await using var stream = await store.OpenReadRangeAsync(key, offset, want, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"The object '{key}' disappeared while it was being indexed.");
        var total = 0;
        while (total < want)
        {
            var read = await stream.ReadAsync(buffer[total..want], cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return total;
    }
}
