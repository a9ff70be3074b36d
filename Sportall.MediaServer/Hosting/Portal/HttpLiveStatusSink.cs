using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>ILiveStatusSink over the portal's internal API: POST /api/internal/live/{name}/started|stopped.</summary>
public sealed class HttpLiveStatusSink(IHttpClientFactory http) : ILiveStatusSink
{
    public Task PublisherStartedAsync(string playbackName, CancellationToken ct) => PostAsync(playbackName, "started", ct);

    public Task PublisherStoppedAsync(string playbackName, CancellationToken ct) => PostAsync(playbackName, "stopped", ct);

    private async Task PostAsync(string playbackName, string change, CancellationToken ct)
    {
        var client = http.CreateClient(PortalInternalApi.HttpClientName);
        using var response = await client.PostAsync($"api/internal/live/{Uri.EscapeDataString(playbackName)}/{change}", content: null, ct);
        response.EnsureSuccessStatusCode();
    }
}
