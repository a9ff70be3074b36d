namespace Sportall.Packager.Live;

/// <summary>
/// Sees what a live packager produces, as it produces it: the recorder persists it (no second encode).
/// Called on the stream's feeding thread, inside its lock: an observer queues work and returns at once.
/// </summary>
public interface ILiveSegmentObserver
{
    /// <summary>A period (publish session or codec change) starts: its tracks and their init segments.</summary>
    void OnPeriodStarted(PackagedPeriod period);

    /// <summary>
    /// A segment of one track is complete. <paramref name="bytes"/> (moof + mdat of every part, back to back)
    /// is never written again, but its buffer goes back to the packager's pool once the segment leaves memory:
    /// an observer that uses it after the call takes a <see cref="SegmentLease"/> during the call (which cannot fail
    /// then) and disposes it when done.
    /// </summary>
    void OnSegmentCompleted(CmafSegment segment, ReadOnlyMemory<byte> bytes);

    /// <summary>The reconnect grace period is over: nothing more comes.</summary>
    void OnEnded();
}
