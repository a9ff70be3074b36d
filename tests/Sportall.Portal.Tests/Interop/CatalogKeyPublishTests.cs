using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.Portal.Tests.Infrastructure;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;

namespace Sportall.Portal.Tests.Interop;

/// <summary>The all-in-one host with Ingest:RequireStreamKey=true: ffmpeg publishes with a key from the catalog.</summary>
// One encoder at a time: the ffmpeg-driven tests share a collection so they do not compete for 2 cores.
[Collection(EncoderCollection.Name)]
public sealed class CatalogKeyPublishTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CatalogKeyPublishesOverRtmpAndTheEventGoesLiveThenEnds()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ingest:RequireStreamKey"] = "true",
            ["Ingest:RefusedKeyDelayMs"] = "0",
            ["Ingest:SrtEnabled"] = "false",
            ["Portal:AdminEmail"] = "admin@platform.example",
            ["Portal:AdminPassword"] = "correct-horse-battery",
        });
        var editor = server.Services.GetRequiredService<CatalogEditor>();
        var tenant = new Tenant { Slug = "alpine", Name = "Alpine Federation" };
        await editor.SaveTenantAsync(tenant, CancellationToken.None);
        var e = new SportEvent { TenantId = tenant.Id, Title = "Downhill", ScheduledStart = DateTime.UtcNow };
        await editor.SaveEventAsync(e, CancellationToken.None);
        e = (await editor.RotateStreamKeyAsync(tenant.Id, e.Id, CancellationToken.None))!;

        // A key the catalog does not know is refused: ffmpeg fails and nothing goes live.
        var (refusedExit, refusedOutput) = await ExternalProcess.RunAsync("ffmpeg", Push(server.RtmpUrl("sk-not-issued"), seconds: 1), s_deadline);
        Assert.True(refusedExit != 0, refusedOutput);

        await using var push = ExternalProcess.Start("ffmpeg", Push(server.RtmpUrl(e.StreamKey!), seconds: 6));
        await Eventually.TrueAsync(async () =>
            (await editor.Store.GetEventAsync(tenant.Id, e.Id, CancellationToken.None))?.Status == EventStatus.Live, s_deadline, "the event to turn live");

        var page = await server.Http.GetStringAsync($"/t/alpine/events/{e.Id}");
        Assert.Contains("badge live", page);
        Assert.Contains($"/live/{e.PlaybackName}/index.m3u8", page);
        Assert.DoesNotContain(e.StreamKey!, page);
        await Eventually.TrueAsync(async () =>
            (await server.Http.GetAsync($"/live/{e.PlaybackName}/index.m3u8")).StatusCode == HttpStatusCode.OK, s_deadline, "the live playlist");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"/live/{e.StreamKey}/index.m3u8")).StatusCode);

        Assert.Equal(0, await push.WaitForExitAsync(s_deadline));
        await Eventually.TrueAsync(async () =>
            (await editor.Store.GetEventAsync(tenant.Id, e.Id, CancellationToken.None))?.Status == EventStatus.Ended, s_deadline, "the event to end");
        Assert.Contains("badge ended", await server.Http.GetStringAsync($"/t/alpine/events/{e.Id}"));
    }

    internal static string[] Push(string url, int seconds) =>
    [
        "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", url,
    ];
}
