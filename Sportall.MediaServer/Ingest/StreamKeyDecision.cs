namespace Sportall.MediaServer.Ingest;

/// <summary>
/// The answer of an <see cref="IStreamKeyValidator"/>: accepted with the name viewers use (the key
/// itself is a secret and never appears in playback URLs unless the validator says so), or refused.
/// </summary>
public sealed record StreamKeyDecision
{
    private StreamKeyDecision(bool accepted, string? playbackName, string? refusalReason)
    {
        IsAccepted = accepted;
        PlaybackName = playbackName;
        RefusalReason = refusalReason;
    }

    public bool IsAccepted { get; }
    public string? PlaybackName { get; }
    public string? RefusalReason { get; }

    public static StreamKeyDecision Accepted(string playbackName) =>
        new(true, playbackName ?? throw new ArgumentNullException(nameof(playbackName)), null);

    public static StreamKeyDecision Refused(string reason) => new(false, null, reason);
}
