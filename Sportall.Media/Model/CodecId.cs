namespace Sportall.Media.Model;

/// <summary>The codecs the media model carries end to end.</summary>
public enum CodecId : byte
{
    H264,
    H265,
    Av1,
    Aac,
}
