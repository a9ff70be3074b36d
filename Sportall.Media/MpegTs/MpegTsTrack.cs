using Sportall.Media.Codecs.Aac;
using Sportall.Media.Model;

namespace Sportall.Media.MpegTs;

/// <summary>
/// One track slot of the demuxer (the video track or the audio track) and the elementary stream of the
/// current PMT that feeds it. The slot outlives PMT changes so its track index stays stable.
/// </summary>
internal sealed class MpegTsTrack(MediaKind kind)
{
    public MediaKind Kind { get; } = kind;

    public PesAssembler Pes { get; } = new();

    /// <summary>elementary_PID from the PMT, or −1 when the program has no such stream.</summary>
    public int Pid = -1;

    public byte StreamType;

    public CodecId Codec;

    /// <summary>The last configuration built (its Index is set when announcing); kept across PMT changes so an announced track stays listed.</summary>
    public TrackInfo? Info;

    /// <summary>The current elementary stream's configuration is known (parameter sets, ADTS header).</summary>
    public bool Configured;

    /// <summary>A keyframe of the current configuration was seen; inter frames before it cannot be decoded and are dropped.</summary>
    public bool SawKeyframe;

    // Video: the parameter sets the current configuration record was built from, in stream order.
    public readonly List<byte[]> VideoParameterSets = [];
    public readonly List<byte[]> SequenceParameterSets = [];
    public readonly List<byte[]> PictureParameterSets = [];

    // Audio: profile, sampling_frequency_index and channel_configuration of the ADTS headers, packed; −1 before the first.
    public int AdtsKey = -1;
    public int SampleRate;
    public AacSampleClock Clock;

    /// <summary>Ready for the announcement: configured, and for video a keyframe to start from.</summary>
    public bool Satisfied => Configured && (Kind == MediaKind.Audio || SawKeyframe);

    /// <summary>A different elementary stream feeds the slot: forget what the old one said.</summary>
    public void ResetConfiguration()
    {
        Configured = false;
        SawKeyframe = false;
        VideoParameterSets.Clear();
        SequenceParameterSets.Clear();
        PictureParameterSets.Clear();
        AdtsKey = -1;
        SampleRate = 0;
        Clock = default;
    }
}
