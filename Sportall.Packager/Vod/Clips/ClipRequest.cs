namespace Sportall.Packager.Vod.Clips;

/// <summary>The body of <c>POST /api/clips</c>: any VOD asset (an upload, a replay), a span in seconds of its timeline, a mode.</summary>
public sealed record ClipRequest(string AssetId, double StartSeconds, double EndSeconds, ClipMode Mode = ClipMode.Keyframe);
