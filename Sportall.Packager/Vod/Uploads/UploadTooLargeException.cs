namespace Sportall.Packager.Vod.Uploads;

/// <summary>An upload streamed past <see cref="VodUploadOptions.MaxUploadBytes"/>.</summary>
internal sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload exceeds the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
