using System.Collections.Immutable;
using Sportall.Media.Mp4;
using Sportall.Media.Mp4.Reading;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>One served track of an uploaded asset: its sample index, where its segments start, its CMAF header.</summary>
internal sealed class UploadedTrack
{
    public UploadedTrack(string id, Mp4Track samples, int[] segmentStarts)
    {
        Samples = samples;
        SegmentStarts = segmentStarts;
        // CMAF fragments carry no edit list, so the edit's shift goes into the timestamps: a delay (empty edit) moves
        // the decode times, a skip (media_time) lowers the composition offsets (trun version 1 takes negative ones).
        DecodeShiftTicks = Math.Max(0, samples.PresentationOffsetTicks);
        CompositionShiftTicks = Math.Min(0, samples.PresentationOffsetTicks);
        InitSegment = CmafInitSegmentWriter.Create(samples.Info);

        var segments = ImmutableArray.CreateBuilder<VodSegment>(segmentStarts.Length - 1);
        long peak = 0;
        for (var s = 0; s < segmentStarts.Length - 1; s++)
        {
            int first = segmentStarts[s], end = segmentStarts[s + 1];
            var start = samples.DecodeTimes[first];
            var duration = (end < samples.SampleCount ? samples.DecodeTimes[end] : samples.EndDecodeTime) - start;
            segments.Add(new VodSegment(start + DecodeShiftTicks, duration));
            long bytes = 0;
            for (var i = first; i < end; i++) bytes += samples.Sizes[i];
            if (duration > 0) peak = Math.Max(peak, bytes * 8 * samples.Info.Timescale / duration);
        }
        Track = new VodTrack(id, samples.Info, peak, segments.MoveToImmutable());
    }

    public Mp4Track Samples { get; }

    /// <summary>First sample of each segment; the last entry is the sample count.</summary>
    public int[] SegmentStarts { get; }

    public long DecodeShiftTicks { get; }

    public long CompositionShiftTicks { get; }

    public byte[] InitSegment { get; }

    public VodTrack Track { get; }

    /// <summary>Bytes the index of this track holds in memory (for the cache's size accounting).</summary>
    public long IndexBytes => Samples.SampleCount * 29L + SegmentStarts.Length * 4L + InitSegment.Length;
}
