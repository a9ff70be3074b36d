namespace Sportall.Media.Flv;

/// <summary>Why an FLV tag or file was rejected.</summary>
public enum FlvFormatError
{
    /// <summary>A tag body or file ends inside a header.</summary>
    Truncated,

    /// <summary>A video CodecID or Enhanced RTMP FourCC other than H.264, HEVC and AV1.</summary>
    UnsupportedVideoCodec,

    /// <summary>A SoundFormat other than AAC.</summary>
    UnsupportedAudioCodec,

    /// <summary>A sequence header whose configuration record does not parse.</summary>
    BadSequenceHeader,

    /// <summary>An AVCPacketType, AACPacketType or Enhanced RTMP PacketType this demuxer does not take (e.g. MPEG2TSSequenceStart, Multitrack).</summary>
    UnsupportedPacketType,

    /// <summary>A file that does not start with the FLV signature.</summary>
    BadFileHeader,
}
