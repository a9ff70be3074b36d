namespace Sportall.Media.MpegTs;

/// <summary>stream_type values of a PMT (ISO/IEC 13818-1 Table 2-34) that the demuxer turns into tracks.</summary>
internal static class MpegTsStreamType
{
    /// <summary>ISO/IEC 13818-7 audio with ADTS transport syntax.</summary>
    public const byte AacAdts = 0x0F;

    /// <summary>AVC video stream (ITU-T H.264 Annex B byte stream).</summary>
    public const byte H264 = 0x1B;

    /// <summary>HEVC video stream (ITU-T H.265 Annex B byte stream).</summary>
    public const byte H265 = 0x24;
}
