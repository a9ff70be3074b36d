namespace Sportall.Packager.Vod.Uploads;

/// <summary>The mutable progress of one upload, updated by the receiving request and read by status polls.</summary>
internal sealed class VodUpload(string assetId)
{
    private long _bytesReceived;

    public string AssetId { get; } = assetId;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public volatile VodUploadState State = VodUploadState.Created;

    public long? TotalBytes { get; set; }

    public string? Error { get; set; }

    public double? DurationSeconds { get; set; }

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public void AddReceived(int count) => Interlocked.Add(ref _bytesReceived, count);

    public VodUploadStatus ToStatus() => VodUploadService.Status(AssetId, State, BytesReceived, TotalBytes, Error, DurationSeconds);
}
