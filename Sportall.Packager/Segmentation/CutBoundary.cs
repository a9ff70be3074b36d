namespace Sportall.Packager.Segmentation;

/// <summary>
/// A cut the leading track made, handed to the other tracks of the stream. The time is in the leader's
/// timescale on the shared timeline (stream time 0 = tick 0 in every track), so a follower compares
/// <c>dts_f · leaderTimescale ≥ ticks · followerTimescale</c> without rounding.
/// </summary>
internal readonly record struct CutBoundary(
    CutBoundaryKind Kind,
    long LeaderTicks,
    int LeaderTimescale,
    long SegmentSequence,
    int PeriodIndex,
    // A part end at which the leader expects its segment to end (the predicted keyframe): a follower's part cut
    // here is its segment's last one too.
    bool SegmentEndExpected = false);
