namespace Sportall.Media.Model;

/// <summary>
/// What a player and a muxer need to know about one elementary stream. Immutable: a change of codec
/// configuration (a new sequence header) produces a new <see cref="TrackInfo"/>.
/// </summary>
public sealed record TrackInfo
{
    /// <summary>Position of the track in its stream (0-based, stable for the life of a publish session).</summary>
    public required int Index { get; init; }

    public required MediaKind Kind { get; init; }

    public required CodecId Codec { get; init; }

    /// <summary>Ticks per second of every timestamp of this track's access units (90000 for video, the sample rate for audio).</summary>
    public required int Timescale { get; init; }

    /// <summary>
    /// The codec's configuration record as it goes into the sample entry: AVCDecoderConfigurationRecord
    /// (avcC), HEVCDecoderConfigurationRecord (hvcC), AV1CodecConfigurationRecord (av1C), or the AAC
    /// AudioSpecificConfig (esds).
    /// </summary>
    public required byte[] CodecConfig { get; init; }

    /// <summary>RFC 6381 codec string for CODECS / @codecs, e.g. <c>avc1.64001F</c>, <c>hvc1.1.6.L93.B0</c>, <c>mp4a.40.2</c>.</summary>
    public required string CodecString { get; init; }

    /// <summary>Coded picture width in pixels after cropping (video only, else 0).</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>Frames per second when known (SPS timing info or metadata), else 0.</summary>
    public double FrameRate { get; init; }

    public int SampleRate { get; init; }

    public int ChannelCount { get; init; }

    /// <summary>Nominal bitrate announced by the encoder (onMetaData), bits per second, 0 if unknown.</summary>
    public int NominalBitrate { get; init; }

    /// <summary>Size in bytes of each NAL unit length prefix in video payloads (from the configuration record; 4 in practice).</summary>
    public int NalLengthSize { get; init; } = 4;
}
