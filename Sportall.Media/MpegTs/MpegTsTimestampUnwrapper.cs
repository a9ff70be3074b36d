namespace Sportall.Media.MpegTs;

/// <summary>
/// Turns the 33-bit 90 kHz PTS/DTS of one program into a continuous 64-bit timeline shared by all its
/// elementary streams, so audio and video keep the relation the encoder gave them.
/// </summary>
/// <remarks>
/// Each value is placed at the 64-bit time nearest to the previous value of the program (any stream):
/// the modular difference of two 33-bit values, sign-extended, is the true step as long as streams are
/// interleaved within 2^32 ticks (13 hours), so a stream starting just before 2^33 — ffmpeg
/// <c>-output_ts_offset</c>, encoders that run for 26 hours — goes on increasing past the wrap.
/// The first value is taken as is, so DTS stay the encoder's own (unwrapped) 90 kHz clock.
/// A step larger than <see cref="MaxJumpTicks"/> is a time-base discontinuity (an encoder restart, a
/// splice; ISO/IEC 13818-1 §2.4.3.5 discontinuity_indicator), bridged with <see cref="DiscontinuityStepTicks"/>.
/// </remarks>
internal struct MpegTsTimestampUnwrapper
{
    public const long WrapTicks = 1L << 33;

    /// <summary>
    /// 10 s: interleaving skew between audio and video in a TS is under a second (ffmpeg's default
    /// max_delay is 0.7 s), and encoders send at least one frame per second; anything further is a jump.
    /// </summary>
    public const long MaxJumpTicks = 10 * 90000;

    /// <summary>One frame at 30 fps: after a jump the timeline goes on one frame after the last value.</summary>
    public const long DiscontinuityStepTicks = 3000;

    private long _lastRaw;
    private long _lastUnwrapped;
    private bool _started;

    public long Discontinuities { get; private set; }

    /// <summary>Unwraps a DTS (or a PTS without DTS) and makes it the reference for the next one.</summary>
    public long Unwrap(long raw33)
    {
        if (!_started)
        {
            _started = true;
            _lastRaw = raw33;
            _lastUnwrapped = raw33;
            return raw33;
        }
        var delta = SignExtendedDifference(raw33, _lastRaw);
        if (Math.Abs(delta) > MaxJumpTicks)
        {
            delta = DiscontinuityStepTicks;
            Discontinuities++;
        }
        _lastRaw = raw33;
        _lastUnwrapped += delta;
        return _lastUnwrapped;
    }

    /// <summary>a − b for two 33-bit timestamps, as a signed step in (−2^32, 2^32].</summary>
    public static long SignExtendedDifference(long a, long b) => ((a - b) << 31) >> 31;
}
