namespace Sportall.Packager.Segmentation;

/// <summary>
/// Where a packager's numbering stands: the media sequence number of its next segment and the index of its
/// next period. A packager that takes over a stream another process packaged (a node that died) starts from
/// such a position so its segment, part and init names never repeat the earlier ones, whose immutable copies
/// edges and players may still hold, and its HLS media sequence and discontinuity sequence go on forward.
/// </summary>
/// <param name="NextSequence">Media sequence number of the next segment (1 or more).</param>
/// <param name="NextPeriodIndex">Index of the next period (0 or more): its EXT-X-DISCONTINUITY-SEQUENCE and DASH Period id.</param>
public readonly record struct PackagerContinuation(long NextSequence, int NextPeriodIndex)
{
    /// <summary>A stream packaged for the first time: sequence 1, period 0.</summary>
    public static PackagerContinuation Fresh => new(1, 0);
}
