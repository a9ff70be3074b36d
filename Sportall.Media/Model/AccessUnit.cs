using Sportall.Media.Buffers;

namespace Sportall.Media.Model;

/// <summary>
/// One decodable unit: a video frame (NAL units, each prefixed by its length, as in MP4 samples) or
/// one raw audio frame (an AAC raw_data_block without ADTS header). Timestamps are in
/// <see cref="Timescale"/> ticks and never wrap: ingest unwraps 32-bit and 33-bit clocks.
/// </summary>
/// <remarks>A struct so the hot path allocates nothing per frame; the payload is pooled and ref-counted.</remarks>
public readonly record struct AccessUnit(
    int TrackIndex,
    long DtsTicks,
    int CompositionOffsetTicks,
    int Timescale,
    bool IsKeyframe,
    MediaBuffer Payload)
{
    public long PtsTicks => DtsTicks + CompositionOffsetTicks;
}
