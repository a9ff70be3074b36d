namespace Sportall.Packager.Delivery;

/// <summary>How a request that waits for media to be published ended.</summary>
internal enum BlockingWaitOutcome
{
    Ready,
    TooFarAhead,
    TimedOut,
    Aborted,
}
