namespace Sportall.Packager.Vod.Clips;

/// <summary>One clip being made; its fields are written by the job and read by status polls.</summary>
internal sealed class ClipJob(string clipId, ClipRequest request)
{
    public string ClipId { get; } = clipId;

    public ClipRequest Request { get; } = request;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public volatile ClipState State = ClipState.Queued;

    public double Progress { get; set; }

    public string? Error { get; set; }

    public long? Bytes { get; set; }

    public double? DurationSeconds { get; set; }

    public ClipStatus ToStatus() => new(ClipId, Request.AssetId, Request.Mode, Request.StartSeconds, Request.EndSeconds, State, Progress, Error,
        State == ClipState.Ready ? $"/api/clips/{ClipId}/download" : null, Bytes, DurationSeconds);
}
