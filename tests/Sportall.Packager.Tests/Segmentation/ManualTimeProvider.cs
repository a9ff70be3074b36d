namespace Sportall.Packager.Tests.Segmentation;

/// <summary>A clock the test moves by hand: wall clock and monotonic timestamp advance together.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _timestamp;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _timestamp;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _timestamp += by.Ticks;
    }

    /// <summary>Moves the clock forward to <paramref name="elapsed"/> since the start, if it is not there yet.</summary>
    public void AdvanceTo(DateTimeOffset origin, TimeSpan elapsed)
    {
        var target = origin + elapsed;
        if (target > _now) Advance(target - _now);
    }
}
