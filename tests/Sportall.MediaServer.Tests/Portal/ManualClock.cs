namespace Sportall.MediaServer.Tests.Portal;

/// <summary>A monotonic clock the test moves by hand.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _timestamp;

    public override long GetTimestamp() => Volatile.Read(ref _timestamp);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, by.Ticks);
}
