namespace Sportall.Media.Model;

/// <summary>
/// What an encoder announces about its stream before the media (RTMP onMetaData / @setDataFrame).
/// Every field is optional: encoders differ in what they send. Codec ids are FLV's numbers (7 = AVC,
/// 10 = AAC) or a FourCC as a number for Enhanced RTMP ('hvc1', 'av01').
/// </summary>
public sealed record StreamMetadata
{
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? FrameRate { get; init; }
    /// <summary>kbit/s, as FLV metadata states it.</summary>
    public double? VideoDataRateKbps { get; init; }
    public double? AudioDataRateKbps { get; init; }
    public double? VideoCodecId { get; init; }
    public double? AudioCodecId { get; init; }
    public double? AudioSampleRate { get; init; }
    public string? Encoder { get; init; }

    public bool AnnouncesVideo => VideoCodecId is not null || Width is not null;
    public bool AnnouncesAudio => AudioCodecId is not null || AudioSampleRate is not null;
}
