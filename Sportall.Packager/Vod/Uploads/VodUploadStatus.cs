namespace Sportall.Packager.Vod.Uploads;

/// <summary>What <c>GET /api/vod/uploads/{id}</c> answers: progress while receiving, the playback URLs once ready.</summary>
public sealed record VodUploadStatus(
    string AssetId,
    VodUploadState State,
    long BytesReceived,
    long? TotalBytes,
    string? Error,
    string UploadUrl,
    string Hls,
    string Dash,
    double? DurationSeconds);
