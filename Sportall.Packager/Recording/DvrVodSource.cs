using Sportall.Packager.Storage;
using Sportall.Packager.Vod;

namespace Sportall.Packager.Recording;

/// <summary>
/// The DVR window of a live as a VOD presentation, id <c>dvr-{playback name}</c>: what the recording holds at the
/// moment it is opened (a snapshot, so a clip of a stream that is still live sees a fixed list). Answers only
/// while <c>Recording:DvrWindowSeconds</c> is set, like <c>/dvr/{name}/…</c>.
/// </summary>
public sealed class DvrVodSource(RecordingService recording, IObjectStore store) : IVodPresentationSource
{
    public const string IdPrefix = "dvr-";

    /// <summary>The id under which <paramref name="name"/>'s DVR window is found.</summary>
    public static string AssetIdOf(string name) => IdPrefix + name;

    public ValueTask<IVodPresentation?> OpenAsync(string assetId, CancellationToken cancellationToken)
    {
        var options = recording.Options;
        if (options.DvrWindowSeconds <= 0 || !assetId.StartsWith(IdPrefix, StringComparison.Ordinal) || assetId.Length == IdPrefix.Length)
        {
            return ValueTask.FromResult<IVodPresentation?>(null);
        }
        var dvr = recording.GetDvr(assetId[IdPrefix.Length..]);
        var presentation = dvr is null ? null : DvrVodPresentation.Create(assetId, dvr, recording, store, options);
        return ValueTask.FromResult<IVodPresentation?>(presentation);
    }
}
