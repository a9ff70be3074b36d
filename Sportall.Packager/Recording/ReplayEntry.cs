namespace Sportall.Packager.Recording;

/// <summary>
/// One replay as <c>GET /api/replays</c> lists it and <see cref="RecordingService.ReplayRecorded"/> announces it.
/// The URLs are absolute paths on the media origin.
/// </summary>
public sealed record ReplayEntry(
    string AssetId,
    string Name,
    DateTimeOffset Start,
    double DurationSeconds,
    string HlsUrl,
    string DashUrl,
    string? PosterUrl = null)
{
    public static ReplayEntry For(RecordedAsset asset) => new(
        asset.AssetId,
        asset.Name,
        asset.Start,
        asset.DurationSeconds,
        $"/vod/{asset.AssetId}/index.m3u8",
        $"/vod/{asset.AssetId}/index.mpd",
        asset.PosterKey is null ? null : $"/vod/{asset.AssetId}/{PosterFrameMaker.FileName}");
}
