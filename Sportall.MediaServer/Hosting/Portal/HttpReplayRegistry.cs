using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sportall.Portal.Catalog;
using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>
/// IReplayRegistry over the portal's internal API: POST /api/internal/replays. The portal answers the
/// replay's identity only (id, tenant, event), so the returned Replay carries those and what was sent.
/// </summary>
public sealed class HttpReplayRegistry(IHttpClientFactory http) : IReplayRegistry
{
    public async Task<Replay?> RegisterReplayAsync(string playbackName, string assetId, DateTimeOffset startedAt, TimeSpan duration,
        string hlsUrl, string? dashUrl, string? posterUrl, CancellationToken ct)
    {
        var client = http.CreateClient(PortalInternalApi.HttpClientName);
        var body = new ReplayRegistration(playbackName, assetId, startedAt, duration.TotalSeconds, hlsUrl, dashUrl, posterUrl);
        using var response = await client.PostAsJsonAsync("api/internal/replays", body, JsonSerializerOptions.Web, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var identity = await response.Content.ReadFromJsonAsync<RegisteredReplay>(JsonSerializerOptions.Web, ct)
            ?? throw new HttpRequestException("the portal answered an empty replay registration");
        return new Replay
        {
            Id = identity.Id,
            TenantId = identity.TenantId,
            EventId = identity.EventId,
            AssetId = assetId,
            StartedAt = startedAt.UtcDateTime,
            DurationSeconds = duration.TotalSeconds,
            HlsUrl = hlsUrl,
            DashUrl = dashUrl,
            PosterUrl = posterUrl,
        };
    }

    private sealed record RegisteredReplay(string Id, string TenantId, string EventId);
}
