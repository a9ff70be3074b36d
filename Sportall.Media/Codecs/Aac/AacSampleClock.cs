namespace Sportall.Media.Codecs.Aac;

/// <summary>
/// Gives AAC frames timestamps in samples (timescale = sampling frequency) by counting 1024 samples
/// per frame from an anchor, instead of converting the container's coarser clock frame by frame.
/// FLV's millisecond timestamps of 48 kHz audio alternate 21/22 ms; converted one by one they make
/// sample durations of 1008/1056 instead of 1024, which players show as drift and MP4 validators flag.
/// </summary>
/// <remarks>
/// The count is re-anchored to the container clock when the two disagree by more than
/// <see cref="MaxDriftFrames"/> frames: an encoder that drops audio (CPU starvation, a muted source
/// in OBS) leaves a gap in its timestamps that counting alone would close up, desynchronising A/V.
/// </remarks>
internal struct AacSampleClock
{
    public const int SamplesPerFrame = 1024;

    // Container jitter is under one frame (a millisecond clock rounds at most 0.5 ms; RTMP encoders
    // interleave to within a frame). Two frames tell a real gap from rounding.
    public const int MaxDriftFrames = 2;

    private readonly int _sampleRate;
    private readonly int _inputTimescale;
    private long _anchorTicks;
    private long _framesSinceAnchor;
    private long _lastTicks;
    private bool _started;

    public AacSampleClock(int sampleRate, int inputTimescale)
    {
        _sampleRate = sampleRate;
        _inputTimescale = inputTimescale;
    }

    /// <summary>How often the count was re-anchored to the container clock.</summary>
    public long Resyncs { get; private set; }

    /// <summary>The timestamp, in samples, of the next frame whose container timestamp is <paramref name="inputTime"/>.</summary>
    public long Next(long inputTime)
    {
        var measured = inputTime * _sampleRate / _inputTimescale;
        if (!_started)
        {
            _started = true;
            _anchorTicks = measured;
            _framesSinceAnchor = 0;
        }
        else
        {
            var counted = _anchorTicks + _framesSinceAnchor * SamplesPerFrame;
            if (Math.Abs(measured - counted) > MaxDriftFrames * SamplesPerFrame)
            {
                // Never step back onto or behind the previous frame: decode order must stay strictly increasing.
                _anchorTicks = Math.Max(measured, _lastTicks + 1);
                _framesSinceAnchor = 0;
                Resyncs++;
            }
        }
        var ticks = _anchorTicks + _framesSinceAnchor * SamplesPerFrame;
        _framesSinceAnchor++;
        _lastTicks = ticks;
        return ticks;
    }
}
