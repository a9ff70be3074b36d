using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Sportall.MediaServer.Cluster;
using Sportall.MediaServer.Edge;
using StackExchange.Redis;

namespace Sportall.MediaServer.Tests.Edge;

public sealed class EdgeOriginRouterTests
{
    private static readonly Uri Static = new("http://static-origin:8080/");

    [Theory]
    [InlineData("owner with trailing slash", "http://node-a:8080/", "http://node-a:8080/")]
    [InlineData("owner without trailing slash", "http://node-a:8080", "http://node-a:8080/")]
    [InlineData("claim written by hand (no origin)", "", null)]
    [InlineData("not an http URL", "node-a:8080", null)]
    public void OwnerOriginIsParsedFromTheClaim(string name, string originUrl, string? expected)
    {
        var owner = new StreamOwner("node-a", originUrl, "rtmp", DateTimeOffset.UnixEpoch);
        Assert.True(Equals(expected is null ? null : new Uri(expected), EdgeOriginRouter.Parse(owner)), name);
    }

    [Fact]
    public async Task NoOwnerMeansTheStaticOrigins()
    {
        var (router, _, _) = Router(_ => null);
        Assert.Null(await router.OwnerOriginAsync("final"));
    }

    [Fact]
    public async Task ALookupAnswersForOneSecondThenRedisIsAskedAgain()
    {
        var owners = new Dictionary<string, string?> { ["final"] = "http://node-a:8080/" };
        var (router, time, lookups) = Router(name => owners[name]);
        Assert.Equal(new Uri("http://node-a:8080/"), await router.OwnerOriginAsync("final"));

        owners["final"] = "http://node-b:8080/";
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(new Uri("http://node-a:8080/"), await router.OwnerOriginAsync("final"));
        Assert.Equal(1, lookups.Count);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new Uri("http://node-b:8080/"), await router.OwnerOriginAsync("final"));
        Assert.Equal(2, lookups.Count);
    }

    [Fact]
    public async Task ConcurrentRequestsShareOneLookup()
    {
        var answer = new TaskCompletionSource<StreamOwner?>();
        int lookups = 0;
        var router = new EdgeOriginRouter(_ => { Interlocked.Increment(ref lookups); return answer.Task; },
            new ManualTime(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), NullLogger.Instance);
        var waiting = Enumerable.Range(0, 50).Select(_ => router.OwnerOriginAsync("final")).ToArray();
        answer.SetResult(new StreamOwner("node-a", "http://node-a:8080/", "rtmp", DateTimeOffset.UnixEpoch));
        foreach (var origin in await Task.WhenAll(waiting)) Assert.Equal(new Uri("http://node-a:8080/"), origin);
        Assert.Equal(1, lookups);
    }

    [Fact]
    public async Task AFailedOwnerIsForgottenAtOnce()
    {
        var owners = new Dictionary<string, string?> { ["final"] = "http://node-a:8080/" };
        var (router, _, lookups) = Router(name => owners[name]);
        var owner = await router.OwnerOriginAsync("final");
        owners["final"] = "http://node-b:8080/";

        router.Invalidate("final", owner!);

        Assert.Equal(new Uri("http://node-b:8080/"), await router.OwnerOriginAsync("final"));
        Assert.Equal(2, lookups.Count);
    }

    [Fact]
    public async Task InvalidatingAnotherOriginKeepsTheCurrentAnswer()
    {
        var (router, _, lookups) = Router(_ => "http://node-b:8080/");
        await router.OwnerOriginAsync("final");
        router.Invalidate("final", new Uri("http://node-a:8080/"));
        router.Invalidate("other", new Uri("http://node-b:8080/"));
        Assert.Equal(new Uri("http://node-b:8080/"), await router.OwnerOriginAsync("final"));
        Assert.Equal(1, lookups.Count);
    }

    [Fact]
    public async Task RedisFailureFallsBackAndIsRememberedForTheCachePeriod()
    {
        int lookups = 0;
        var time = new ManualTime();
        var router = new EdgeOriginRouter(_ => { lookups++; throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "down"); },
            time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), NullLogger.Instance);
        Assert.Null(await router.OwnerOriginAsync("final"));
        Assert.Null(await router.OwnerOriginAsync("final"));
        Assert.Equal(1, lookups);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await router.OwnerOriginAsync("final"));
        Assert.Equal(2, lookups);
    }

    [Fact]
    public async Task ASlowRedisFallsBackAfterTheCommandTimeout()
    {
        var router = new EdgeOriginRouter(_ => new TaskCompletionSource<StreamOwner?>().Task,
            TimeProvider.System, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50), NullLogger.Instance);
        Assert.Null(await router.OwnerOriginAsync("final").WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public static TheoryData<string, string?, bool, string?, string[]> ClientCases => new()
    {
        // name, owner, owner reachable, static origin (or none), expected hosts tried in order
        { "owned: the owner only", "http://node-a:8080/", true, Static.ToString(), ["node-a"] },
        { "not owned: the static origin", null, true, Static.ToString(), ["static-origin"] },
        { "owner refuses: the static origin next", "http://node-a:8080/", false, Static.ToString(), ["node-a", "static-origin"] },
        { "not owned, no static origins: 404 without a request", null, true, null, [] },
    };

    [Theory]
    [MemberData(nameof(ClientCases))]
    public async Task OriginClientRoutesALiveStream(string name, string? owner, bool ownerUp, string? staticOrigin, string[] expectedHosts)
    {
        var (router, _, lookups) = Router(_ => owner);
        var tried = new List<string>();
        var handler = new RecordingHandler(tried, refuse: ownerUp ? null : "node-a");
        var options = new EdgeOptions { Name = "edge-1", Origins = staticOrigin is null ? [] : [staticOrigin] };
        using var client = new OriginClient(options, router, handler);

        using var response = await client.GetAsync("/live/final/index.m3u8", "final", CancellationToken.None);

        Assert.True(expectedHosts.SequenceEqual(tried), $"{name}: tried [{string.Join(", ", tried)}]");
        Assert.Equal(expectedHosts.Length == 0 ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
        // A refused owner is forgotten: the next request asks Redis again.
        await router.OwnerOriginAsync("final");
        Assert.Equal(ownerUp ? 1 : 2, lookups.Count);
    }

    [Fact]
    public async Task NonLiveRequestsUseTheStaticOrigins()
    {
        var (router, _, lookups) = Router(_ => "http://node-a:8080/");
        var tried = new List<string>();
        using var client = new OriginClient(new EdgeOptions { Origins = [Static.ToString()] }, router, new RecordingHandler(tried, null));
        using var response = await client.GetAsync("/time", null, CancellationToken.None);
        Assert.Equal(["static-origin"], tried);
        Assert.Empty(lookups);
    }

    [Fact]
    public void AnEdgeWithoutOriginsNeedsClusterRouting()
    {
        Assert.Throws<InvalidOperationException>(() => new OriginClient(new EdgeOptions(), null, new RecordingHandler([], null)));
        var (router, _, _) = Router(_ => null);
        using var client = new OriginClient(new EdgeOptions(), router, new RecordingHandler([], null));
    }

    private static (EdgeOriginRouter Router, ManualTime Time, List<string> Lookups) Router(Func<string, string?> originOf)
    {
        var time = new ManualTime();
        var lookups = new List<string>();
        var router = new EdgeOriginRouter(name =>
        {
            lock (lookups) lookups.Add(name);
            var origin = originOf(name);
            return Task.FromResult(origin is null ? null : new StreamOwner("node", origin, "rtmp", DateTimeOffset.UnixEpoch));
        }, time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), NullLogger.Instance);
        return (router, time, lookups);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private sealed class RecordingHandler(List<string> tried, string? refuse) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri!.Host;
            tried.Add(host);
            if (host == refuse)
            {
                throw new HttpRequestException("Connection refused", null, HttpStatusCode.ServiceUnavailable);
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
        }
    }
}
