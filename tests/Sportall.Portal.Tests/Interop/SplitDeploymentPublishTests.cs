using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;
using Sportall.Portal.Tests.Infrastructure;

namespace Sportall.Portal.Tests.Interop;

/// <summary>
/// A split deployment: a portal-only host and a media-only host that reaches it over the internal API
/// (Portal:InternalApiUrl). ffmpeg publishes with a catalog key to the media host with
/// Ingest:RequireStreamKey=true; the event in the other process turns live, then ended.
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class SplitDeploymentPublishTests
{
    private const string Token = "internal-api-test-token";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CatalogKeyPublishesToAMediaOnlyHostAndThePortalEventGoesLiveThenEnds()
    {
        await using var portal = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Server:Roles"] = "portal",
            ["Portal:InternalApiToken"] = Token,
            ["Portal:AdminEmail"] = "admin@platform.example",
            ["Portal:AdminPassword"] = "correct-horse-battery",
        });
        await using var media = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Server:Roles"] = "media",
            ["Portal:InternalApiUrl"] = portal.BaseUri.ToString(),
            ["Portal:InternalApiToken"] = Token,
            ["Ingest:RequireStreamKey"] = "true",
            ["Ingest:RefusedKeyDelayMs"] = "0",
            ["Ingest:SrtEnabled"] = "false",
        });
        var editor = portal.Services.GetRequiredService<CatalogEditor>();
        var tenant = new Tenant { Slug = "nordic", Name = "Nordic Federation" };
        await editor.SaveTenantAsync(tenant, CancellationToken.None);
        var e = new SportEvent { TenantId = tenant.Id, Title = "Sprint", ScheduledStart = DateTime.UtcNow };
        await editor.SaveEventAsync(e, CancellationToken.None);
        e = (await editor.RotateStreamKeyAsync(tenant.Id, e.Id, CancellationToken.None))!;

        // A key the catalog does not know is refused by the media host: ffmpeg fails and nothing goes live.
        var (refusedExit, refusedOutput) = await ExternalProcess.RunAsync("ffmpeg",
            CatalogKeyPublishTests.Push(media.RtmpUrl("sk-not-issued"), seconds: 1), s_deadline);
        Assert.True(refusedExit != 0, refusedOutput);
        Assert.Equal(HttpStatusCode.NotFound, (await media.Http.GetAsync("/live/sk-not-issued/index.m3u8")).StatusCode);

        await using var push = ExternalProcess.Start("ffmpeg", CatalogKeyPublishTests.Push(media.RtmpUrl(e.StreamKey!), seconds: 6));
        await Eventually.TrueAsync(async () =>
            (await editor.Store.GetEventAsync(tenant.Id, e.Id, CancellationToken.None))?.Status == EventStatus.Live, s_deadline, "the event to turn live");
        await Eventually.TrueAsync(async () =>
            (await media.Http.GetAsync($"/live/{e.PlaybackName}/index.m3u8")).StatusCode == HttpStatusCode.OK, s_deadline, "the live playlist on the media host");
        Assert.Equal(HttpStatusCode.NotFound, (await media.Http.GetAsync($"/live/{e.StreamKey}/index.m3u8")).StatusCode);

        Assert.Equal(0, await push.WaitForExitAsync(s_deadline));
        await Eventually.TrueAsync(async () =>
            (await editor.Store.GetEventAsync(tenant.Id, e.Id, CancellationToken.None))?.Status == EventStatus.Ended, s_deadline, "the event to end");
    }

    [Fact]
    public async Task TheInternalApiRefusesAWrongTokenAndIsOffWithoutOne()
    {
        await using var portal = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Server:Roles"] = "portal",
            ["Portal:InternalApiToken"] = Token,
        });
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/internal/stream-keys/sk-anything");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/internal/stream-keys/sk-anything");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Http.SendAsync(right)).StatusCode);
    }
}
