namespace Sportall.Media.Mp4;

/// <summary>
/// One sample of a CMAF fragment as the track run (trun) describes it. Durations and offsets are in the
/// track's media timescale (mdhd). A struct so a fragment's samples live in a reusable array.
/// </summary>
/// <param name="DurationTicks">sample_duration: time until the next sample's decode time.</param>
/// <param name="Size">sample_size in bytes, as stored in mdat.</param>
/// <param name="IsSync">A sync sample (IDR / IRAP / key frame; every AAC frame).</param>
/// <param name="CompositionOffsetTicks">sample_composition_time_offset (PTS − DTS); may be negative (trun version 1).</param>
public readonly record struct CmafSample(uint DurationTicks, int Size, bool IsSync, int CompositionOffsetTicks = 0)
{
    /// <summary>sample_flags of this sample (ISO/IEC 14496-12 §8.8.3.1).</summary>
    public uint Flags => IsSync ? CmafSampleFlags.Sync : CmafSampleFlags.NonSync;
}
