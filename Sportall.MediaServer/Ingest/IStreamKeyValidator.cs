namespace Sportall.MediaServer.Ingest;

/// <summary>Decides whether a stream key may publish, and under which playback name.</summary>
public interface IStreamKeyValidator
{
    ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct);
}
