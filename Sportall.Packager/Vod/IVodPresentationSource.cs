namespace Sportall.Packager.Vod;

/// <summary>
/// Finds assets by id for <c>/vod/{assetId}/…</c>. Several sources may be registered (recorded lives,
/// uploaded files); the endpoints ask each in registration order and the first that knows the id answers.
/// </summary>
public interface IVodPresentationSource
{
    /// <summary>The asset, or null when this source does not know <paramref name="assetId"/>.</summary>
    ValueTask<IVodPresentation?> OpenAsync(string assetId, CancellationToken cancellationToken);
}
