namespace Sportall.Packager.Recording;

/// <summary>The replays of each playback name. Adding an entry twice (a retried registration) keeps one.</summary>
public interface IReplayIndex
{
    Task AddAsync(ReplayEntry entry, CancellationToken cancellationToken);

    /// <summary>The replays of <paramref name="name"/>, newest start first.</summary>
    Task<IReadOnlyList<ReplayEntry>> ListAsync(string name, CancellationToken cancellationToken);
}
