namespace Sportall.Media.Mp4.Reading;

/// <summary>
/// Finds the AudioSpecificConfig in an esds (ISO/IEC 14496-14 §5.6).
/// <code>
/// FullBox header
/// ES_Descriptor 0x03 size*  ES_ID(16) flags(8) [dependsOn_ES_ID(16)] [URLlength(8) URL] [OCR_ES_ID(16)]
/// └── DecoderConfigDescriptor 0x04 size*  objectTypeIndication(8) streamType(6)… bufferSizeDB(24) maxBitrate(32) avgBitrate(32)
///     └── DecoderSpecificInfo 0x05 size*  AudioSpecificConfig
/// size* = 1-4 bytes, 7 bits each, high bit = another byte follows (ISO/IEC 14496-1 §8.3.3)
/// </code>
/// </summary>
internal static class EsdsReader
{
    private const byte EsDescriptorTag = 0x03, DecoderConfigTag = 0x04, DecoderSpecificInfoTag = 0x05;

    // objectTypeIndication values for AAC: 0x40 MPEG-4 Audio; 0x66-0x68 MPEG-2 AAC Main/LC/SSR (14496-1 Table 5).
    private static bool IsAac(byte objectType) => objectType is 0x40 or 0x66 or 0x67 or 0x68;

    public static ReadOnlySpan<byte> ReadAudioSpecificConfig(ReadOnlySpan<byte> esds)
    {
        if (esds.Length < 4) Mp4Throw.Truncated("esds");
        var es = Descriptor(esds[4..], EsDescriptorTag);
        if (es.Length < 3) Mp4Throw.Truncated("ES_Descriptor");
        var flags = es[2];
        var position = 3;
        if ((flags & 0x80) != 0) position += 2;
        if ((flags & 0x40) != 0) position += 1 + (es.Length > position ? es[position] : 0);
        if ((flags & 0x20) != 0) position += 2;
        if (position > es.Length) Mp4Throw.Truncated("ES_Descriptor");
        var dc = Descriptor(es[position..], DecoderConfigTag);
        if (dc.Length < 13) Mp4Throw.Truncated("DecoderConfigDescriptor");
        var objectType = dc[0];
        if (!IsAac(objectType)) Mp4Throw.UnsupportedCodec($"mp4a with objectTypeIndication 0x{objectType:X2} is not AAC; only AAC audio is supported.");
        var asc = Descriptor(dc[13..], DecoderSpecificInfoTag);
        if (asc.IsEmpty) Mp4Throw.BadCodecConfiguration("esds holds an empty AudioSpecificConfig");
        return asc;
    }

    // Skips descriptors of other tags until one with the wanted tag; returns its payload.
    private static ReadOnlySpan<byte> Descriptor(ReadOnlySpan<byte> data, byte wanted)
    {
        var position = 0;
        while (true)
        {
            if (position >= data.Length) Mp4Throw.Truncated($"esds (no descriptor 0x{wanted:X2})");
            var tag = data[position++];
            var size = 0;
            for (var i = 0; i < 4; i++)
            {
                if (position >= data.Length) Mp4Throw.Truncated($"esds descriptor 0x{tag:X2} size");
                var b = data[position++];
                size = size << 7 | (b & 0x7F);
                if ((b & 0x80) == 0) break;
            }
            if (size > data.Length - position) Mp4Throw.Truncated($"esds descriptor 0x{tag:X2}");
            if (tag == wanted) return data.Slice(position, size);
            position += size;
        }
    }
}
