namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// Maps a transcoder's output frame back onto the source's timeline: given the output PTS, the source
/// frame it came from (its exact PTS) and the decode timestamp a rendition must carry for its segments to
/// cut where the source's do.
/// </summary>
/// <remarks>
/// The k-th frame in presentation order gets the k-th smallest source DTS. Renditions are encoded without
/// B-frames, so their decode order is their presentation order and these DTS increase. A keyframe that
/// starts a closed GOP has exactly the frames of lower PTS before it in decode order, in the source as in
/// the rendition, so its rank is the same in both and it gets the source keyframe's own DTS: the segmenter,
/// which cuts every track at the first sample with DTS at or after the source keyframe's, then starts
/// segment N of every rendition at the same tfdt. And the k-th smallest DTS never exceeds the k-th smallest
/// PTS (k+1 frames present at or before it, each decoded no later than presented), so CTS ≥ 0.
/// FFmpeg sees millisecond timestamps (FLV): an output PTS is the source PTS rounded down to a millisecond,
/// so the source frame is the first whose PTS is at or after it, within one millisecond.
/// Not a hot path to share: one map per transcoder, guarded by a lock (the feeding thread adds, one
/// reader per rendition maps); no allocation after construction.
/// </remarks>
public sealed class DecodeTimeMap
{
    /// <summary>
    /// Frames remembered: FFmpeg's pipeline holds a few dozen frames; 4096 are 68 s at 60 fps, so a frame
    /// still inside FFmpeg is never forgotten.
    /// </summary>
    public const int Capacity = 4096;

    private readonly long[] _pts = new long[Capacity * 2];
    private readonly long[] _dts = new long[Capacity * 2];
    private int _start;
    private int _count;
    private readonly Lock _gate = new();
    private readonly long _toleranceTicks;

    /// <param name="toleranceTicks">How far below the source PTS an output PTS may be (the feed's rounding): 90 for milliseconds at 90 kHz.</param>
    public DecodeTimeMap(long toleranceTicks) => _toleranceTicks = toleranceTicks;

    /// <summary>A source frame fed to the transcoder, in source decode order.</summary>
    public void Add(long ptsTicks, long dtsTicks)
    {
        lock (_gate)
        {
            if (_count == Capacity)
            {
                _start++;
                _count--;
            }
            if (_start + _count == _pts.Length)
            {
                Array.Copy(_pts, _start, _pts, 0, _count);
                Array.Copy(_dts, _start, _dts, 0, _count);
                _start = 0;
            }
            // DTS arrive in order; PTS nearly so (B-frames): insertion from the end moves a frame or two.
            var end = _start + _count;
            _dts[end] = dtsTicks;
            var i = end;
            while (i > _start && _pts[i - 1] > ptsTicks)
            {
                _pts[i] = _pts[i - 1];
                i--;
            }
            _pts[i] = ptsTicks;
            _count++;
        }
    }

    /// <summary>The source frame an output frame came from; false when none is within tolerance (forgotten, or not a source frame).</summary>
    public bool TryMap(long outputPtsTicks, out long ptsTicks, out long dtsTicks)
    {
        lock (_gate)
        {
            // Lower bound: the first PTS at or after the output's.
            int lo = _start, hi = _start + _count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_pts[mid] < outputPtsTicks) lo = mid + 1; else hi = mid;
            }
            if (lo == _start + _count || _pts[lo] - outputPtsTicks >= _toleranceTicks)
            {
                ptsTicks = dtsTicks = 0;
                return false;
            }
            ptsTicks = _pts[lo];
            dtsTicks = _dts[lo];
            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _start = 0;
            _count = 0;
        }
    }
}
