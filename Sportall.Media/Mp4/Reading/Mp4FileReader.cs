using System.Buffers;

namespace Sportall.Media.Mp4.Reading;

/// <summary>
/// Finds the moov of a progressive MP4/MOV by walking its top-level boxes (a header read each, mdat skipped by
/// its size, never read) and expands it into sample indexes. The moov may come first ("faststart") or last.
/// </summary>
public static class Mp4FileReader
{
    /// <summary>
    /// A 24 h 60 fps movie with AAC needs ~9 M stsz/ctts entries ≈ 150 MB of tables; 256 MiB bounds what one
    /// upload can make the server hold while indexing.
    /// </summary>
    public const int MaxMovieBoxBytes = 256 * 1024 * 1024;

    /// <summary>A progressive file has a handful of top-level boxes; a fragmented one two per fragment.</summary>
    public const int MaxTopLevelBoxes = 1_000_000;

    /// <summary>Reads the movie index of <paramref name="source"/>.</summary>
    /// <exception cref="Mp4FormatException">Not an MP4/MOV this reader can index.</exception>
    public static async ValueTask<Mp4Movie> ReadAsync(IByteRangeSource source, CancellationToken cancellationToken)
    {
        var length = source.Length;
        var headerBuffer = new byte[Mp4BoxHeader.MaxHeaderSize];
        long offset = 0;
        var boxes = 0;
        while (length - offset >= 8)
        {
            if (++boxes > MaxTopLevelBoxes) Mp4Throw.LimitExceeded("top-level box count", boxes, MaxTopLevelBoxes);
            var want = (int)Math.Min(headerBuffer.Length, length - offset);
            var read = await ReadFullyAsync(source, offset, headerBuffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (!Mp4BoxHeader.TryRead(headerBuffer.AsSpan(0, read), out var header)) Mp4Throw.Truncated($"box header at offset {offset}");
            var size = header.Size == Mp4BoxHeader.ToEnd ? length - offset : header.Size;
            if (header.Type == Mp4FourCc.Moov)
            {
                if (size > length - offset) Mp4Throw.Truncated($"moov at offset {offset} ({size} bytes declared, {length - offset} in the file)");
                if (size > MaxMovieBoxBytes) Mp4Throw.LimitExceeded("moov size", size, MaxMovieBoxBytes);
                var payloadLength = (int)(size - header.HeaderSize);
                var moov = ArrayPool<byte>.Shared.Rent(payloadLength);
                try
                {
                    var got = await ReadFullyAsync(source, offset + header.HeaderSize, moov.AsMemory(0, payloadLength), cancellationToken).ConfigureAwait(false);
                    if (got != payloadLength) Mp4Throw.Truncated("moov");
                    return Mp4MovieParser.Parse(moov.AsSpan(0, payloadLength), offset);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(moov);
                }
            }
            if (size > length - offset) break; // an mdat cut short: nothing after it can be read
            offset += size;
        }
        Mp4Throw.NoMovie();
        return null!;
    }

    private static async ValueTask<int> ReadFullyAsync(IByteRangeSource source, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await source.ReadAtAsync(offset + total, buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read <= 0) break;
            total += read;
        }
        return total;
    }
}
