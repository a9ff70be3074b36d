namespace Sportall.Packager.Vod.Clips;

/// <summary>What <c>GET /api/clips/{id}</c> answers.</summary>
/// <param name="Progress">0 to 1.</param>
/// <param name="DurationSeconds">The stored clip's duration once ready (a keyframe clip starts at the keyframe before the start).</param>
public sealed record ClipStatus(
    string ClipId,
    string AssetId,
    ClipMode Mode,
    double StartSeconds,
    double EndSeconds,
    ClipState State,
    double Progress,
    string? Error,
    string? DownloadUrl,
    long? Bytes,
    double? DurationSeconds);
