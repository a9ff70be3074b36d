namespace Sportall.Media.Mp4.Reading;

/// <summary>
/// Random access to a file's bytes, wherever it is stored (a local file, an object store read by ranges).
/// The MP4 reader asks only for box headers and the moov; sample bytes are read by the caller.
/// </summary>
public interface IByteRangeSource
{
    /// <summary>Total length in bytes.</summary>
    long Length { get; }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; returns fewer bytes only at the end of the file.</summary>
    ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);
}
