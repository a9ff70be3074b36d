using Sportall.Media.Amf;
using Sportall.Media.Model;

namespace Sportall.MediaServer.Rtmp;

/// <summary>Turns an onMetaData object (FLV script data, as encoders send it over RTMP) into <see cref="StreamMetadata"/>.</summary>
public static class RtmpMetadataReader
{
    public static StreamMetadata Read(AmfValue metadata) => new()
    {
        Width = ToInt(metadata.GetNumber("width")),
        Height = ToInt(metadata.GetNumber("height")),
        FrameRate = metadata.GetNumber("framerate") ?? metadata.GetNumber("videoframerate"),
        VideoDataRateKbps = metadata.GetNumber("videodatarate"),
        AudioDataRateKbps = metadata.GetNumber("audiodatarate"),
        VideoCodecId = ReadCodecId(metadata, "videocodecid"),
        AudioCodecId = ReadCodecId(metadata, "audiocodecid"),
        AudioSampleRate = metadata.GetNumber("audiosamplerate"),
        Encoder = metadata.GetString("encoder"),
    };

    // FLV numbers (7 = AVC, 10 = AAC), or with Enhanced RTMP a FourCC: as a string ("hvc1") or
    // already as its number. A string FourCC is stored as its 32-bit big-endian value.
    private static double? ReadCodecId(AmfValue metadata, string name)
    {
        if (!metadata.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.Type == Amf0Marker.Number)
        {
            return value.Number;
        }

        if (value.String is { Length: 4 } fourCc && fourCc.All(c => c < 0x80))
        {
            return (uint)(fourCc[0] << 24 | fourCc[1] << 16 | fourCc[2] << 8 | fourCc[3]);
        }

        return null;
    }

    private static int? ToInt(double? value) =>
        value is { } v && double.IsFinite(v) && v is >= 0 and <= int.MaxValue ? (int)v : null;
}
