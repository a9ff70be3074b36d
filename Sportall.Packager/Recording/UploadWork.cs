namespace Sportall.Packager.Recording;

/// <summary>One thing for the uploader: a spooled file to move to the store, or (no path) a recording to close into an asset.</summary>
internal sealed record UploadWork(string AssetId, string? RelativePath, bool EndedNormally);
