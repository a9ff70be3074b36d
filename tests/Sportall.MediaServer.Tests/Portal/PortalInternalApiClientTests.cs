using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sportall.MediaServer.Hosting.Portal;
using Sportall.MediaServer.Ingest;
using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Tests.Portal;

/// <summary>The media side of a split deployment: key checks (with their short cache), live status and replays over HTTP.</summary>
public sealed class PortalInternalApiClientTests
{
    private const string Token = "tok-123";
    private const string EntryJson = """{"tenantId":"t1","eventId":"e1","playbackName":"alpine-0a1b2c3d","srtPassphrase":"0123456789abcdef01234567"}""";

    private static ServiceProvider Build(PortalApiStub stub, ManualClock clock, string url = "http://portal.internal:8080")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:InternalApiUrl"] = url,
            ["Portal:InternalApiToken"] = Token,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddPortalInternalApiClients(configuration);
        services.AddHttpClient(PortalInternalApi.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AnIssuedKeyIsAcceptedUnderItsPlaybackNameAndTheAnswerIsReusedForItsLifetime()
    {
        var stub = new PortalApiStub(_ => PortalApiStub.Json(EntryJson));
        var clock = new ManualClock();
        await using var sp = Build(stub, clock);
        var validator = sp.GetRequiredService<IStreamKeyValidator>();
        Assert.IsType<HttpStreamKeyValidator>(validator);

        var decision = await validator.ValidateAsync("live", "sk abc", CancellationToken.None);
        Assert.True(decision.IsAccepted);
        Assert.Equal("alpine-0a1b2c3d", decision.PlaybackName);
        Assert.Equal("0123456789abcdef01234567", decision.SrtPassphrase);
        Assert.Equal(["GET /api/internal/stream-keys/sk%20abc"], stub.Requests);
        Assert.Equal("Bearer " + Token, stub.LastAuthorization);

        // Within the lifetime the answer is at hand synchronously, as SRT's handshake callback needs.
        clock.Advance(HttpStreamKeyValidator.AnswerLifetime - TimeSpan.FromTicks(1));
        var cached = validator.ValidateAsync("live", "sk abc", CancellationToken.None);
        Assert.True(cached.IsCompletedSuccessfully);
        Assert.Equal("alpine-0a1b2c3d", cached.Result.PlaybackName);
        Assert.Single(stub.Requests);

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True((await validator.ValidateAsync("live", "sk abc", CancellationToken.None)).IsAccepted);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task AnUnknownKeyIsRefusedAndTheRefusalIsCached()
    {
        var stub = new PortalApiStub(_ => new HttpResponseMessage(HttpStatusCode.NotFound));
        await using var sp = Build(stub, new ManualClock());
        var validator = sp.GetRequiredService<IStreamKeyValidator>();

        Assert.False((await validator.ValidateAsync("live", "sk-guess", CancellationToken.None)).IsAccepted);
        var again = validator.ValidateAsync("live", "sk-guess", CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully);
        Assert.False(again.Result.IsAccepted);
        Assert.Single(stub.Requests);
    }

    public static TheoryData<string, Func<HttpRequestMessage, HttpResponseMessage>> Failures => new()
    {
        { "unreachable", _ => throw new HttpRequestException("connection refused") },
        { "wrong token", _ => new HttpResponseMessage(HttpStatusCode.Unauthorized) },
        { "server error", _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) },
        { "not json", _ => PortalApiStub.Json("<html>") },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task APortalThatCannotAnswerRefusesAndIsAskedAgainNextTime(string name, Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        var stub = new PortalApiStub(answer);
        await using var sp = Build(stub, new ManualClock());
        var validator = sp.GetRequiredService<IStreamKeyValidator>();

        Assert.False((await validator.ValidateAsync("live", "sk-1", CancellationToken.None)).IsAccepted, name);
        Assert.False((await validator.ValidateAsync("live", "sk-1", CancellationToken.None)).IsAccepted, name);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task AnAnswerStillArrivesForTheNextAttemptWhenTheFirstCallerStoppedWaiting()
    {
        var release = new TaskCompletionSource();
        var stub = new PortalApiStub(_ =>
        {
            release.Task.Wait(TimeSpan.FromSeconds(10));
            return PortalApiStub.Json(EntryJson);
        });
        await using var sp = Build(stub, new ManualClock());
        var validator = sp.GetRequiredService<IStreamKeyValidator>();

        using var gaveUp = new CancellationTokenSource();
        var first = validator.ValidateAsync("live", "sk-slow", gaveUp.Token).AsTask();
        gaveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        release.SetResult();
        var second = await validator.ValidateAsync("live", "sk-slow", CancellationToken.None);
        Assert.True(second.IsAccepted);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task LiveStatusAndReplaysArePostedToTheInternalApi()
    {
        var stub = new PortalApiStub(request => request.RequestUri!.AbsolutePath switch
        {
            "/base/api/internal/replays" when NamesTheEvent(request) => PortalApiStub.Json("""{"id":"r1","tenantId":"t1","eventId":"e1"}"""),
            "/base/api/internal/replays" => new HttpResponseMessage(HttpStatusCode.NotFound),
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        });
        await using var sp = Build(stub, new ManualClock(), url: "http://portal.internal:8080/base");
        var sink = sp.GetRequiredService<ILiveStatusSink>();
        var registry = sp.GetRequiredService<IReplayRegistry>();

        await sink.PublisherStartedAsync("alpine-0a1b2c3d", CancellationToken.None);
        await sink.PublisherStoppedAsync("alpine-0a1b2c3d", CancellationToken.None);
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var replay = await registry.RegisterReplayAsync("alpine-0a1b2c3d", "asset-1", start, TimeSpan.FromSeconds(90.5),
            "/vod/asset-1/index.m3u8", null, null, CancellationToken.None);
        var body = JsonDocument.Parse(stub.LastBody!).RootElement;
        var missing = await registry.RegisterReplayAsync("nobody", "asset-2", start, TimeSpan.FromSeconds(1),
            "/vod/asset-2/index.m3u8", null, null, CancellationToken.None);

        Assert.Equal(
            [
                "POST /base/api/internal/live/alpine-0a1b2c3d/started",
                "POST /base/api/internal/live/alpine-0a1b2c3d/stopped",
                "POST /base/api/internal/replays",
                "POST /base/api/internal/replays",
            ], stub.Requests);
        Assert.NotNull(replay);
        Assert.Equal(("r1", "t1", "e1", "asset-1"), (replay.Id, replay.TenantId, replay.EventId, replay.AssetId));
        Assert.Equal("alpine-0a1b2c3d", body.GetProperty("playbackName").GetString());
        Assert.Equal(90.5, body.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(start, body.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Null(missing);
    }

    // The stub has buffered the body already, so reading it again completes at once.
    private static bool NamesTheEvent(HttpRequestMessage request) =>
        request.Content!.ReadAsStringAsync().GetAwaiter().GetResult().Contains("\"alpine-0a1b2c3d\"", StringComparison.Ordinal);

    [Fact]
    public async Task AFailedStatusChangeThrowsSoTheBridgeLogsIt()
    {
        var stub = new PortalApiStub(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        await using var sp = Build(stub, new ManualClock());
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            sp.GetRequiredService<ILiveStatusSink>().PublisherStartedAsync("x", CancellationToken.None));
    }
}
