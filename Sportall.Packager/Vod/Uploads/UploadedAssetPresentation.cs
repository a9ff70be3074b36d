using System.Buffers;
using System.IO.Pipelines;
using Sportall.Media.Mp4;
using Sportall.Media.Mp4.Reading;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>
/// An uploaded MP4/MOV served just in time: each media segment is a moof written from the sample index and
/// an mdat whose bytes are copied by range reads from the stored file. Nothing is transcoded or pre-packaged.
/// </summary>
internal sealed class UploadedAssetPresentation : IVodPresentation
{
    // The moof goes out on its own before the first range read, so the first bytes do not wait for the store.
    // Later flushes every 256 KiB keep the pipe's buffered bytes bounded for large segments.
    private const int FlushThresholdBytes = 256 * 1024;

    // One range read covers at most this much, so a request never asks the store for a whole file.
    private const long MaxRangeReadBytes = 16 * 1024 * 1024;

    private const int CopyChunkBytes = 64 * 1024;

    private readonly IObjectStore _store;
    private readonly string _sourceKey;
    private readonly UploadedTrack[] _tracks;
    private readonly int _coalesceGapBytes;

    public UploadedAssetPresentation(string assetId, IObjectStore store, Mp4Movie movie, double segmentTargetSeconds, int coalesceGapBytes)
    {
        AssetId = assetId;
        _store = store;
        _sourceKey = UploadedAssetKeys.Source(assetId);
        _coalesceGapBytes = coalesceGapBytes;
        Movie = movie;
        var plans = UploadedSegmentPlanner.Plan(movie, segmentTargetSeconds);
        _tracks = new UploadedTrack[movie.Tracks.Count];
        int videos = 0, audios = 0;
        for (var t = 0; t < _tracks.Length; t++)
        {
            var track = movie.Tracks[t];
            var id = track.Info.Kind == Media.Model.MediaKind.Video ? $"v{videos++}" : $"a{audios++}";
            _tracks[t] = new UploadedTrack(id, track, plans[t]);
        }
        Tracks = Array.ConvertAll(_tracks, t => t.Track);
        IndexBytes = _tracks.Sum(t => t.IndexBytes);
    }

    public string AssetId { get; }

    public IReadOnlyList<VodTrack> Tracks { get; }

    /// <summary>The sample index the segments are cut from (clips cut from it too).</summary>
    public Mp4Movie Movie { get; }

    public long IndexBytes { get; }

    internal string SourceKey => _sourceKey;

    public async ValueTask WriteInitSegmentAsync(string trackId, PipeWriter output, CancellationToken cancellationToken)
    {
        var track = Find(trackId);
        await output.WriteAsync(track.InitSegment, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteMediaSegmentAsync(string trackId, int segmentIndex, PipeWriter output, CancellationToken cancellationToken)
    {
        var track = Find(trackId);
        if ((uint)segmentIndex >= (uint)track.Track.Segments.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(segmentIndex), segmentIndex, $"Track {trackId} of {AssetId} has {track.Track.Segments.Length} segments.");
        }
        int first = track.SegmentStarts[segmentIndex], end = track.SegmentStarts[segmentIndex + 1];
        // sequence_number counts from 1 in segment order, so a segment is the same bytes whenever it is made.
        WriteFragmentHeader(track, (uint)segmentIndex + 1, first, end, output);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await CopySamplesAsync(track.Samples, first, end, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The served track at <paramref name="trackIndex"/> (the movie's track order).</summary>
    internal VodTrack TrackAt(int trackIndex) => _tracks[trackIndex].Track;

    /// <summary>Writes samples [<paramref name="first"/>, <paramref name="end"/>) of a track as one fragment (clips cut at any keyframe, not only at segment starts).</summary>
    internal async ValueTask WriteSampleRangeAsync(int trackIndex, int first, int end, PipeWriter output, CancellationToken cancellationToken)
    {
        var track = _tracks[trackIndex];
        if (first < 0 || end > track.Samples.SampleCount || end <= first) throw new ArgumentOutOfRangeException(nameof(first));
        WriteFragmentHeader(track, 1, first, end, output);
        await CopySamplesAsync(track.Samples, first, end, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The samples of each track a keyframe-accurate clip of [start, end) seconds takes: the leading track from its last
    /// sync sample presented at or before <paramref name="startSeconds"/> through the last sample (in decode order) presented
    /// before <paramref name="endSeconds"/> — so every frame shown before the end is there, with the few reference frames
    /// decoded before them that are shown later; the other tracks over the same presentation span.
    /// </summary>
    internal (int First, int End)[] SelectClipSamples(double startSeconds, double endSeconds)
    {
        var ranges = new (int First, int End)[_tracks.Length];
        var lead = _tracks[0].Samples;
        var leadScale = (double)lead.Info.Timescale;
        long startTicks = (long)Math.Floor(startSeconds * leadScale), endTicks = (long)Math.Ceiling(endSeconds * leadScale);
        var first = -1;
        for (var i = 0; i < lead.SampleCount; i++)
        {
            if (lead.IsSync[i] && lead.PresentationTime(i) <= startTicks) first = i;
        }
        if (first < 0) first = Array.IndexOf(lead.IsSync, true) is var sync and >= 0 ? sync : 0;
        var end = first + 1;
        for (var i = first + 1; i < lead.SampleCount; i++)
        {
            var pts = lead.PresentationTime(i);
            if (lead.IsSync[i] && pts >= endTicks) break; // nothing after the next keyframe past the end is shown before it
            if (pts < endTicks) end = i + 1;
        }
        ranges[0] = (first, end);

        var spanStart = lead.PresentationTime(first) / leadScale;
        var spanEnd = spanStart;
        for (var i = first; i < end; i++) spanEnd = Math.Max(spanEnd, (lead.PresentationTime(i) + lead.Durations[i]) / leadScale);
        for (var t = 1; t < _tracks.Length; t++)
        {
            var track = _tracks[t].Samples;
            var scale = (double)track.Info.Timescale;
            var a = 0;
            while (a < track.SampleCount && track.PresentationTime(a) / scale < spanStart) a++;
            var b = a;
            while (b < track.SampleCount && track.PresentationTime(b) / scale < spanEnd) b++;
            ranges[t] = (a, b);
        }
        return ranges;
    }

    private static void WriteFragmentHeader(UploadedTrack track, uint sequenceNumber, int first, int end, IBufferWriter<byte> output)
    {
        var s = track.Samples;
        var count = end - first;
        var samples = ArrayPool<CmafSample>.Shared.Rent(count);
        try
        {
            var compositionShift = track.CompositionShiftTicks;
            for (var i = 0; i < count; i++)
            {
                var n = first + i;
                var compositionOffset = s.CompositionOffsets[n] + compositionShift;
                samples[i] = new CmafSample(s.Durations[n], s.Sizes[n], s.IsSync[n], (int)Math.Clamp(compositionOffset, int.MinValue, int.MaxValue));
            }
            CmafFragmentWriter.WriteHeader(output, sequenceNumber, (ulong)(s.DecodeTimes[first] + track.DecodeShiftTicks), samples.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<CmafSample>.Shared.Return(samples);
        }
    }

    // Samples of one segment lie in a few chunks interleaved with the other tracks' chunks. Runs of samples
    // closer than the coalescing gap are fetched with one range read and the bytes between them skipped.
    private async ValueTask CopySamplesAsync(Mp4Track track, int first, int end, PipeWriter output, CancellationToken cancellationToken)
    {
        var offsets = track.Offsets;
        var sizes = track.Sizes;
        byte[]? scratch = null;
        long unflushed = 0;
        try
        {
            var i = first;
            while (i < end)
            {
                var runStart = offsets[i];
                var runEnd = runStart + sizes[i];
                var j = i + 1;
                while (j < end && offsets[j] >= runEnd && offsets[j] - runEnd <= _coalesceGapBytes && offsets[j] + sizes[j] - runStart <= MaxRangeReadBytes)
                {
                    runEnd = offsets[j] + sizes[j];
                    j++;
                }
                if (runEnd > runStart)
                {
                    await using var stream = await _store.OpenReadRangeAsync(_sourceKey, runStart, runEnd - runStart, cancellationToken).ConfigureAwait(false)
                        ?? throw new FileNotFoundException($"The source of asset {AssetId} is missing from the store.");
                    // The run is read in large chunks whatever the sample sizes (a read per sample would cost a store
                    // call each); each chunk's bytes that belong to samples go to the pipe, the gaps between are dropped.
                    scratch ??= ArrayPool<byte>.Shared.Rent(CopyChunkBytes);
                    var position = runStart;
                    var k = i;
                    while (position < runEnd)
                    {
                        var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, runEnd - position)), cancellationToken).ConfigureAwait(false);
                        if (read == 0) throw new EndOfStreamException($"The source of asset {AssetId} ends inside track {track.TrackId}'s sample {k}.");
                        var chunkEnd = position + read;
                        while (k < j && offsets[k] < chunkEnd)
                        {
                            var from = Math.Max(offsets[k], position);
                            var to = Math.Min(offsets[k] + sizes[k], chunkEnd);
                            if (to > from)
                            {
                                output.Write(scratch.AsSpan((int)(from - position), (int)(to - from)));
                                unflushed += to - from;
                            }
                            if (offsets[k] + sizes[k] > chunkEnd) break;
                            k++;
                        }
                        position = chunkEnd;
                        if (unflushed >= FlushThresholdBytes)
                        {
                            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                            unflushed = 0;
                        }
                    }
                }
                i = j;
            }
            if (unflushed > 0) await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private UploadedTrack Find(string trackId)
    {
        foreach (var t in _tracks)
        {
            if (t.Track.Id == trackId) return t;
        }
        throw new ArgumentException($"Asset {AssetId} has no track '{trackId}'.", nameof(trackId));
    }
}
