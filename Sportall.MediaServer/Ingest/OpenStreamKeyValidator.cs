namespace Sportall.MediaServer.Ingest;

/// <summary>Accepts every key and publishes it under its own name: for development and closed networks.</summary>
public sealed class OpenStreamKeyValidator : IStreamKeyValidator
{
    public ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct) =>
        ValueTask.FromResult(StreamKeyDecision.Accepted(streamKey));
}
