namespace Sportall.Portal.Ingest;

/// <summary>Ingest tells the portal when a playback name starts and stops publishing; the event turns live / ended.</summary>
public interface ILiveStatusSink
{
    Task PublisherStartedAsync(string playbackName, CancellationToken ct);
    Task PublisherStoppedAsync(string playbackName, CancellationToken ct);
}
