using Sportall.Media.Model;

namespace Sportall.Media.Mp4.Reading;

/// <summary>
/// The sample index of one track of a progressive MP4/MOV, expanded from its sample tables: where each sample
/// lies in the file, its size, decode time, duration, composition offset and sync flag. Times are in the
/// track's media timescale (mdhd), file offsets are 64-bit.
/// </summary>
/// <remarks>Arrays are indexed by sample number − 1 and share one length; they are not copied, so callers must not change them.</remarks>
public sealed class Mp4Track
{
    /// <summary>Creates a track from expanded tables (the MP4 reader, or an index deserialized from storage).</summary>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public Mp4Track(
        int trackId,
        TrackInfo info,
        long presentationOffsetTicks,
        long[] offsets,
        int[] sizes,
        long[] decodeTimes,
        uint[] durations,
        int[] compositionOffsets,
        bool[] isSync)
    {
        var n = offsets.Length;
        if (sizes.Length != n || decodeTimes.Length != n || durations.Length != n || compositionOffsets.Length != n || isSync.Length != n)
        {
            throw new ArgumentException("every sample array must have one entry per sample");
        }
        TrackId = trackId;
        Info = info;
        PresentationOffsetTicks = presentationOffsetTicks;
        Offsets = offsets;
        Sizes = sizes;
        DecodeTimes = decodeTimes;
        Durations = durations;
        CompositionOffsets = compositionOffsets;
        IsSync = isSync;
    }

    /// <summary>tkhd track_ID.</summary>
    public int TrackId { get; }

    /// <summary>Codec, configuration record, timescale (the mdhd timescale) and dimensions.</summary>
    public TrackInfo Info { get; }

    /// <summary>
    /// What the edit list adds to a sample's composition time (decode time + composition offset) to give its
    /// presentation time: the empty edits' duration minus the first media edit's media_time (ISO/IEC 14496-12 §8.6.6).
    /// </summary>
    public long PresentationOffsetTicks { get; }

    public int SampleCount => Offsets.Length;

    /// <summary>File offset of each sample.</summary>
    public long[] Offsets { get; }

    public int[] Sizes { get; }

    /// <summary>Decode time of each sample (stts running sum from 0).</summary>
    public long[] DecodeTimes { get; }

    /// <summary>stts sample_delta of each sample.</summary>
    public uint[] Durations { get; }

    /// <summary>ctts offset (composition − decode time) of each sample; 0 without a ctts.</summary>
    public int[] CompositionOffsets { get; }

    /// <summary>stss membership; every sample when the track has no stss.</summary>
    public bool[] IsSync { get; }

    /// <summary>Decode time just past the last sample.</summary>
    public long EndDecodeTime => SampleCount == 0 ? 0 : DecodeTimes[^1] + Durations[^1];

    /// <summary>Presentation time of sample <paramref name="index"/> with the edit list applied.</summary>
    public long PresentationTime(int index) => DecodeTimes[index] + CompositionOffsets[index] + PresentationOffsetTicks;
}
