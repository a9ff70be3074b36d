using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.MediaServer.Cluster;
using Sportall.MediaServer.Hub;

namespace Sportall.Interop.Tests.Cluster;

/// <summary>
/// Two media nodes in one process sharing a real redis-server: a live name belongs to one node across the
/// cluster, a node that goes away frees it (at once when it ends cleanly, within the claim TTL when it
/// dies), and live events reach the other node.
/// </summary>
public sealed class ClusterOwnershipTests
{
    private const int ClaimTtlMs = 1_500;
    private const int HeartbeatIntervalMs = 300;

    [Fact]
    public async Task SecondNodeIsRefusedWhileTheFirstPublishesAndTakesOverAfterACleanEnd()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nodeA = await StartNodeAsync(redis, "node-a");
        await using var nodeB = await StartNodeAsync(redis, "node-b");
        var eventsOnB = new ConcurrentQueue<LiveEvent>();
        nodeB.Services.GetRequiredService<LiveEventSubscriber>().Received += eventsOnB.Enqueue;

        var hubA = nodeA.Services.GetRequiredService<StreamHub>();
        var hubB = nodeB.Services.GetRequiredService<StreamHub>();
        Assert.True(hubA.TryPublish("final", "rtmp", "test", out var sourceA, out var reason), reason);

        Assert.False(hubB.TryPublish("final", "srt", "test", out _, out var refusal));
        Assert.Contains("node-a", refusal);
        Assert.False(hubB.TryGet("final", out _));

        var owner = await nodeB.Services.GetRequiredService<RedisStreamDirectory>().FindOwnerAsync("final");
        Assert.NotNull(owner);
        Assert.Equal("node-a", owner.NodeId);
        Assert.Equal("rtmp", owner.Protocol);
        Assert.Equal(new Uri($"http://{Environment.MachineName}:{nodeA.HttpPort}/"), new Uri(owner.OriginUrl));
        await WaitForAsync(() => eventsOnB.Any(e => e is { Type: LiveEvent.Started, Stream: "final", NodeId: "node-a" }), "live-started from node A");

        sourceA.Dispose();

        var directoryB = nodeB.Services.GetRequiredService<RedisStreamDirectory>();
        await Eventually.TrueAsync(async () => await directoryB.FindOwnerAsync("final") is null, TimeSpan.FromSeconds(ClaimTtlMs / 1000.0 / 2), "node A's release (before its claim could expire)");
        Assert.True(hubB.TryPublish("final", "srt", "test", out var sourceB, out reason), reason);
        Assert.Equal("node-b", (await nodeA.Services.GetRequiredService<RedisStreamDirectory>().FindOwnerAsync("final"))?.NodeId);
        await WaitForAsync(() => eventsOnB.Any(e => e is { Type: LiveEvent.Ended, Stream: "final", NodeId: "node-a" }), "live-ended from node A");
        sourceB.Dispose();
    }

    [Fact]
    public async Task HeartbeatsKeepAClaimAndADeadNodesClaimExpiresWithinTheTtl()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nodeA = await StartNodeAsync(redis, "node-a");
        await using var nodeB = await StartNodeAsync(redis, "node-b");
        var hubA = nodeA.Services.GetRequiredService<StreamHub>();
        var hubB = nodeB.Services.GetRequiredService<StreamHub>();
        var directory = nodeB.Services.GetRequiredService<RedisStreamDirectory>();
        Assert.True(hubA.TryPublish("semifinal", "rtmp", "test", out _, out var reason), reason);

        // Twice the TTL: without renewals the claim would be gone.
        var held = Stopwatch.StartNew();
        while (held.ElapsedMilliseconds < 2 * ClaimTtlMs)
        {
            Assert.Equal("node-a", (await directory.FindOwnerAsync("semifinal"))?.NodeId);
            await Task.Delay(HeartbeatIntervalMs);
        }

        // Node A dies: no release, no more heartbeats.
        await nodeA.Services.GetRequiredService<RedisStreamOwnership>().AbandonAsync();
        var died = Stopwatch.StartNew();
        Assert.False(hubB.TryPublish("semifinal", "srt", "test", out _, out _));

        LiveSource? sourceB = null;
        await WaitForAsync(() => hubB.TryPublish("semifinal", "srt", "test", out sourceB, out _), "node B to take over the dead node's name");
        Assert.InRange(died.ElapsedMilliseconds, 0, ClaimTtlMs + 2_000);
        Assert.Equal("node-b", (await directory.FindOwnerAsync("semifinal"))?.NodeId);
        sourceB!.Dispose();
    }

    [Fact]
    public async Task AKilledNodeProcessFreesItsStreamWithinTheTtl()
    {
        await using var redis = await RedisServer.StartAsync();
        var (httpPort, rtmpPort) = (FreePort(), FreePort());
        var dataPath = Directory.CreateTempSubdirectory("sportall-node-a-");
        string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Node A is a real process, so it can really be killed (SIGKILL: no release, no last heartbeat).
        await using var nodeA = ExternalProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "Sportall.MediaServer.dll"),
            "--Server:BindAddress=127.0.0.1", $"--Server:HttpPort={Invariant(httpPort)}", $"--Ingest:RtmpPort={Invariant(rtmpPort)}",
            "--Ingest:SrtEnabled=false", $"--Packager:DataPath={dataPath.FullName}", "--Logging:LogLevel:Default=Warning",
            $"--Cluster:Redis={redis.ConnectionString}", "--Cluster:NodeId=node-a",
            $"--Cluster:ClaimTtlMs={Invariant(ClaimTtlMs)}", $"--Cluster:HeartbeatIntervalMs={Invariant(HeartbeatIntervalMs)}",
        ], AppContext.BaseDirectory);
        await using var nodeB = await StartNodeAsync(redis, "node-b");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.TrueAsync(async () => (await http.GetAsync($"http://127.0.0.1:{httpPort}/healthz")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(30), "node A to start");
            await using var encoder = ExternalProcess.Start("ffmpeg",
            [
                "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10",
                "-t", "120", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "flv", $"rtmp://127.0.0.1:{rtmpPort}/live/derby",
            ]);

            var directory = nodeB.Services.GetRequiredService<RedisStreamDirectory>();
            var owner = await Eventually.ReturnsAsync(() => directory.FindOwnerAsync("derby"), TimeSpan.FromSeconds(30), "node A's claim");
            Assert.Equal("node-a", owner.NodeId);
            Assert.Equal(new Uri($"http://{Environment.MachineName}:{httpPort}/"), new Uri(owner.OriginUrl));
            var hubB = nodeB.Services.GetRequiredService<StreamHub>();
            Assert.False(hubB.TryPublish("derby", "rtmp", "test", out _, out _));

            nodeA.Kill();
            var killed = Stopwatch.StartNew();
            LiveSource? sourceB = null;
            await WaitForAsync(() => hubB.TryPublish("derby", "rtmp", "test", out sourceB, out _), "node B to take over the killed node's stream");
            Assert.InRange(killed.ElapsedMilliseconds, 0, ClaimTtlMs + 2_000);
            Assert.Equal("node-b", (await directory.FindOwnerAsync("derby"))?.NodeId);
            sourceB!.Dispose();
        }
        finally
        {
            nodeA.Kill();
            dataPath.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WithoutRedisTheHubKeepsOwnershipToItself()
    {
        await using var node = await RunningServer.StartAsync();
        Assert.Null(node.Services.GetService<IStreamOwnership>());
        Assert.Null(node.Services.GetService<RedisConnection>());
        var hub = node.Services.GetRequiredService<StreamHub>();
        Assert.True(hub.TryPublish("solo", "rtmp", "test", out var source, out var reason), reason);
        Assert.False(hub.TryPublish("solo", "rtmp", "test", out _, out _));
        source.Dispose();
        Assert.True(hub.TryPublish("solo", "rtmp", "test", out source, out reason), reason);
        source.Dispose();
    }

    [Fact]
    public async Task ANewPackagerContinuesTheRecordedNumberingPastEverythingTheLastOwnerCouldHaveCut()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var node = await StartNodeAsync(redis, "node-b");
        var continuity = node.Services.GetRequiredService<IStreamContinuity>();
        using var inspect = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = inspect.GetDatabase();
        // Resume reads with the node's 1 s command timeout and falls back to fresh numbering when Redis does not
        // answer (a publish never waits longer); this test is about a Redis that answers, so it waits for the
        // node's connection first: on a loaded machine connecting can take longer than that timeout.
        var nodeRedis = node.Services.GetRequiredService<RedisConnection>();
        await Eventually.TrueAsync(() => Task.FromResult(nodeRedis.Multiplexer.IsConnected), TimeSpan.FromSeconds(10), "node B's Redis connection");

        // Recorded 5 s ago by an owner that then died: at 2 s segments it may have cut 3 more (ceil 2.5),
        // plus the one that was open; its next period may have started too.
        var at = DateTimeOffset.UtcNow.AddSeconds(-5);
        await db.StringSetAsync("streamseq:semifinal", $$"""{"seq":120,"period":4,"at":"{{at:O}}"}""");
        var resumed = continuity.Resume("semifinal", segmentTargetMs: 2_000);
        Assert.NotNull(resumed);
        Assert.InRange(resumed.Value.NextSequence, 120 + 3 + 1, 120 + 4 + 1); // the clock moves on while the test runs
        Assert.Equal(5, resumed.Value.NextPeriodIndex);
        // The taking node records its own start at once, with a day-long expiry.
        await Eventually.TrueAsync(async () => ((string?)await db.StringGetAsync("streamseq:semifinal"))?.Contains($"\"seq\":{resumed.Value.NextSequence},") == true,
            TimeSpan.FromSeconds(5), "the new owner's record");
        Assert.InRange((await db.KeyTimeToLiveAsync("streamseq:semifinal"))!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));

        // Nothing recorded: fresh numbering, and the fresh start is recorded for whoever comes next.
        Assert.Null(continuity.Resume("quarterfinal", segmentTargetMs: 2_000));
        await Eventually.TrueAsync(async () => ((string?)await db.StringGetAsync("streamseq:quarterfinal"))?.Contains("\"seq\":1,\"period\":0") == true,
            TimeSpan.FromSeconds(5), "the fresh start's record");

        // An unreadable record falls back to fresh numbering instead of failing the publish.
        await db.StringSetAsync("streamseq:friendly", "not json");
        Assert.Null(continuity.Resume("friendly", segmentTargetMs: 2_000));
    }

    private static Task<RunningServer> StartNodeAsync(RedisServer redis, string nodeId) =>
        RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis.ConnectionString,
            ["Cluster:NodeId"] = nodeId,
            ["Cluster:ClaimTtlMs"] = ClaimTtlMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:HeartbeatIntervalMs"] = HeartbeatIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Packager:ReconnectGraceSeconds"] = "0",
        });

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static Task WaitForAsync(Func<bool> condition, string what) =>
        Eventually.TrueAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what);
}
