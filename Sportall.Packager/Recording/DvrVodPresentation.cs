using System.Collections.Immutable;
using System.IO.Pipelines;
using Sportall.Media.Model;
using Sportall.Packager.Live;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod;

namespace Sportall.Packager.Recording;

/// <summary>
/// One snapshot of a live's DVR window: the segments <see cref="DvrWindow"/> lists (times on the live's timeline,
/// zero at the stream's first sample), init segments from memory, media segments from the spool while they wait
/// there and from the object store once uploaded, as <c>/dvr/{name}/…</c> serves them.
/// </summary>
internal sealed class DvrVodPresentation : IVodPresentation
{
    // The recorder lists a segment as soon as the packager completes it; the spool writer has it on disk a few
    // milliseconds later. A reader that comes in between waits this long for the file before calling it lost.
    private static readonly TimeSpan SpoolWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SpoolPoll = TimeSpan.FromMilliseconds(20);

    private readonly DvrSnapshot _dvr;
    private readonly RecordingService _recording;
    private readonly IObjectStore _store;
    private readonly string _keyPrefix;
    private readonly Dictionary<string, ImmutableArray<CmafSegment>> _segments;

    private DvrVodPresentation(string assetId, DvrSnapshot dvr, RecordingService recording, IObjectStore store, string keyPrefix,
        IReadOnlyList<VodTrack> tracks, Dictionary<string, ImmutableArray<CmafSegment>> segments)
    {
        AssetId = assetId;
        _dvr = dvr;
        _recording = recording;
        _store = store;
        _keyPrefix = keyPrefix;
        Tracks = tracks;
        _segments = segments;
    }

    public string AssetId { get; }

    /// <summary>True once the live has ended: the window no longer grows.</summary>
    public bool Ended => _dvr.Ended;

    public IReadOnlyList<VodTrack> Tracks { get; }

    /// <summary>The window as it is now, or null when the recording holds no segment yet.</summary>
    public static DvrVodPresentation? Create(string assetId, DvrSnapshot dvr, RecordingService recording, IObjectStore store, RecordingOptions options)
    {
        var tracks = new List<VodTrack>();
        var listedByTrack = new Dictionary<string, ImmutableArray<CmafSegment>>(StringComparer.Ordinal);
        foreach (var period in dvr.Periods)
        {
            foreach (var track in period.Tracks)
            {
                if (listedByTrack.ContainsKey(track.Id) || !dvr.Segments.TryGetValue(track.Id, out var all) || all.IsEmpty) continue;
                var first = DvrWindow.FirstIndex(all, options.DvrWindowSeconds, options.DvrMode);
                var listed = ImmutableArray.CreateRange(all.Skip(first));
                var segments = ImmutableArray.CreateBuilder<VodSegment>(listed.Length);
                long peak = 1;
                foreach (var s in listed)
                {
                    segments.Add(new VodSegment(s.StartTicks, s.DurationTicks));
                    if (s.DurationTicks > 0) peak = Math.Max(peak, s.ByteLength * 8 * s.Timescale / s.DurationTicks);
                }
                listedByTrack[track.Id] = listed;
                tracks.Add(new VodTrack(track.Id, track.Info, peak, segments.MoveToImmutable()));
            }
        }
        if (tracks.Count == 0) return null;
        // Video first, as IVodPresentation lists tracks.
        return new DvrVodPresentation(assetId, dvr, recording, store, options.KeyPrefix,
            [.. tracks.OrderBy(t => t.Info.Kind == MediaKind.Video ? 0 : 1)], listedByTrack);
    }

    public async ValueTask WriteInitSegmentAsync(string trackId, PipeWriter output, CancellationToken cancellationToken)
    {
        // The header of the period the window starts in: the live timeline is continuous across periods, so it
        // serves the whole window as long as the encoder came back with the same configuration.
        var period = Segments(trackId)[0].PeriodIndex;
        foreach (var p in _dvr.Periods)
        {
            if (p.Index != period) continue;
            foreach (var track in p.Tracks)
            {
                if (track.Id == trackId)
                {
                    await output.WriteAsync(track.InitSegment, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        throw new FileNotFoundException($"Track '{trackId}' of {AssetId} has no init segment in period {period}.");
    }

    public async ValueTask WriteMediaSegmentAsync(string trackId, int segmentIndex, PipeWriter output, CancellationToken cancellationToken)
    {
        var segments = Segments(trackId);
        if ((uint)segmentIndex >= (uint)segments.Length) throw new ArgumentOutOfRangeException(nameof(segmentIndex));
        var relative = RecordingKeys.SegmentFile(trackId, segments[segmentIndex].SequenceNumber);
        var deadline = DateTime.UtcNow + SpoolWait;
        while (true)
        {
            var content = await OpenAsync(relative, cancellationToken).ConfigureAwait(false);
            if (content is not null)
            {
                await using (content.ConfigureAwait(false))
                {
                    await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }
                return;
            }
            if (DateTime.UtcNow >= deadline) throw new FileNotFoundException($"{relative} of {_dvr.AssetId} is neither spooled nor in the store.");
            await Task.Delay(SpoolPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<Stream?> OpenAsync(string relative, CancellationToken cancellationToken)
    {
        if (_recording.SpooledFile(_dvr.AssetId, relative) is { } path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
            }
            catch (FileNotFoundException)
            {
                // Uploaded and removed from the spool in between: the store has it now.
            }
        }
        return await _store.OpenReadAsync(RecordingKeys.Key(_keyPrefix, _dvr.AssetId, relative), cancellationToken).ConfigureAwait(false);
    }

    private ImmutableArray<CmafSegment> Segments(string trackId) =>
        _segments.TryGetValue(trackId, out var segments) ? segments : throw new KeyNotFoundException($"{AssetId} has no track '{trackId}'.");
}
