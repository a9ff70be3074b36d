namespace Sportall.Media.Mp4.Reading;

/// <summary>Why an MP4/MOV file was rejected.</summary>
public enum Mp4FormatError
{
    /// <summary>A box header or field runs past the end of its parent box or of the file.</summary>
    Truncated,

    /// <summary>A box size smaller than its header, or a size that does not fit its parent.</summary>
    BadBoxSize,

    /// <summary>No moov box before the end of the file (an unfinished recording or not an ISO BMFF file).</summary>
    NoMovie,

    /// <summary>A declared count or size exceeds one of the reader's named limits.</summary>
    LimitExceeded,

    /// <summary>Sample tables that disagree with each other (stsz vs stts sample counts, stsc beyond the chunk count…).</summary>
    InconsistentSampleTables,

    /// <summary>A sample entry other than avc1/avc3/hvc1/hev1/mp4a, or an mp4a whose esds is not AAC.</summary>
    UnsupportedCodec,

    /// <summary>A codec configuration record (avcC, hvcC, AudioSpecificConfig) that does not parse.</summary>
    BadCodecConfiguration,

    /// <summary>A box version this reader does not know.</summary>
    UnsupportedVersion,

    /// <summary>A movie without any video or AAC audio track.</summary>
    NoPlayableTrack,
}
