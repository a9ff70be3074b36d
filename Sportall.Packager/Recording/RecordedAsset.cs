using System.Collections.Immutable;

namespace Sportall.Packager.Recording;

/// <summary>
/// The manifest of a recorded live (<c>{KeyPrefix}/{assetId}/manifest.json</c>): what the VOD endpoints serve
/// and the catalog lists. Segment and init keys follow <see cref="RecordingKeys"/>.
/// </summary>
public sealed record RecordedAsset
{
    public required string AssetId { get; init; }

    /// <summary>The live's playback name.</summary>
    public required string Name { get; init; }

    /// <summary>Wall clock of the first recorded sample.</summary>
    public required DateTimeOffset Start { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>False when the recording was closed at start-up after the server stopped mid-stream.</summary>
    public bool EndedNormally { get; init; }

    /// <summary>Store key of a poster image, when one was made.</summary>
    public string? PosterKey { get; init; }

    /// <summary>Video tracks first.</summary>
    public required ImmutableArray<RecordedTrack> Tracks { get; init; }
}
