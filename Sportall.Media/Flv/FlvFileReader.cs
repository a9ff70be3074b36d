using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Sportall.Media.Flv;

/// <summary>
/// Reads the tags of an FLV file (FLV spec v10.1 Annex E.2–E.3): for feeding recorded or
/// ffmpeg-made files through the same demuxer RTMP ingest uses.
/// </summary>
/// <remarks>
/// <code>
/// FLV header: 'F' 'L' 'V' | Version (8) | 00000 TypeFlagsAudio(1) 0 TypeFlagsVideo(1) | DataOffset (32)
/// body:       PreviousTagSize0 (32) { tag header (11) | tag body (DataSize) | PreviousTagSize (32) } …
/// </code>
/// Timestamps are the 32-bit tag clock (TimestampExtended as the high byte); a file longer than
/// 49.7 days would wrap, which no file this reader is meant for reaches.
/// </remarks>
public sealed class FlvFileReader : IDisposable
{
    private const int FileHeaderSize = 9;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private bool _headerRead;

    public FlvFileReader(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>TypeFlagsAudio of the file header (valid after the first <see cref="TryReadTag"/>).</summary>
    public bool HasAudio { get; private set; }

    /// <summary>TypeFlagsVideo of the file header (valid after the first <see cref="TryReadTag"/>).</summary>
    public bool HasVideo { get; private set; }

    /// <summary>Reads every tag of a file.</summary>
    public static List<FlvTag> ReadAll(string path)
    {
        using var reader = new FlvFileReader(File.OpenRead(path));
        var tags = new List<FlvTag>();
        while (reader.TryReadTag(out var tag)) tags.Add(tag);
        return tags;
    }

    /// <summary>Reads the next tag; <c>false</c> at the end of the file.</summary>
    /// <exception cref="FlvFormatException">The file does not start with 'FLV' or ends inside a tag.</exception>
    public bool TryReadTag([NotNullWhen(true)] out FlvTag? tag)
    {
        tag = null;
        if (!_headerRead)
        {
            ReadFileHeader();
        }
        // PreviousTagSize of the tag before (0 before the first tag); the file may end right after it.
        Span<byte> header = stackalloc byte[4 + FlvTagHeader.Size];
        var read = _stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read <= 4) return false;
        if (read < header.Length) FlvThrow.Truncated("tag header", read - 4);
        var sequence = new ReadOnlySequence<byte>(header[4..].ToArray());
        var sequenceReader = new SequenceReader<byte>(sequence);
        FlvTagHeader.TryRead(ref sequenceReader, out var tagHeader);
        var body = new byte[tagHeader.DataSize];
        var bodyRead = _stream.ReadAtLeast(body, body.Length, throwOnEndOfStream: false);
        if (bodyRead < body.Length) FlvThrow.Truncated("tag body", bodyRead);
        tag = new FlvTag(tagHeader.TagType, tagHeader.TimestampMs, body);
        return true;
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private void ReadFileHeader()
    {
        Span<byte> header = stackalloc byte[FileHeaderSize];
        var read = _stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < 3 || header[0] != 'F' || header[1] != 'L' || header[2] != 'V') FlvThrow.BadFileHeader();
        if (read < FileHeaderSize) FlvThrow.Truncated("file header", read);
        HasAudio = (header[4] & 0x04) != 0;
        HasVideo = (header[4] & 0x01) != 0;
        var dataOffset = BinaryPrimitives.ReadUInt32BigEndian(header[5..]);
        if (dataOffset < FileHeaderSize) FlvThrow.BadFileHeader();
        // DataOffset is 9 in version 1; skip any extension a later version adds.
        for (var skip = dataOffset - FileHeaderSize; skip > 0; skip--)
        {
            if (_stream.ReadByte() < 0) FlvThrow.Truncated("file header", (int)(dataOffset - skip));
        }
        _headerRead = true;
    }
}
