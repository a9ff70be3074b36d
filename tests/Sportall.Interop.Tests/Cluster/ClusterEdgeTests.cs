using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Interop.Tests.Edge;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.MediaServer.Cluster;
using Sportall.MediaServer.Hub;

namespace Sportall.Interop.Tests.Cluster;

/// <summary>
/// Two media nodes (ingest + origin) and one edge sharing a real redis-server: the edge finds a stream's
/// origin through the ownership claims, follows it when the owner dies and the stream is republished on the
/// other node, and the viewer's URL through the edge never changes; the stream on the next node continues
/// the numbering the dead one recorded, so the edge never answers with the dead node's objects for it.
/// </summary>
public sealed partial class ClusterEdgeTests
{
    private const int ClaimTtlMs = 1_500;
    private const int HeartbeatIntervalMs = 300;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AStreamPlaysThroughTheEdgeFromItsOwnerAndFromTheNextNodeAfterTheOwnerIsKilled()
    {
        await using var redis = await RedisServer.StartAsync();
        var (httpA, rtmpA, httpB) = (FreePort(), FreePort(), FreePort());
        var dataA = Directory.CreateTempSubdirectory("sportall-node-a-");
        // Node A is a process of its own so it can really die (SIGKILL: no release, no last heartbeat).
        await using var nodeA = ExternalProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "Sportall.MediaServer.dll"),
            "--Server:BindAddress=127.0.0.1", $"--Server:HttpPort={Invariant(httpA)}", $"--Ingest:RtmpPort={Invariant(rtmpA)}",
            "--Ingest:SrtEnabled=false", $"--Packager:DataPath={dataA.FullName}", "--Logging:LogLevel:Default=Warning",
            $"--Cluster:Redis={redis.ConnectionString}", "--Cluster:NodeId=node-a", $"--Cluster:OriginUrl=http://127.0.0.1:{Invariant(httpA)}/",
            $"--Cluster:ClaimTtlMs={Invariant(ClaimTtlMs)}", $"--Cluster:HeartbeatIntervalMs={Invariant(HeartbeatIntervalMs)}",
        ], AppContext.BaseDirectory);
        await using var nodeB = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Server:HttpPort"] = Invariant(httpB),
            ["Cluster:Redis"] = redis.ConnectionString,
            ["Cluster:NodeId"] = "node-b",
            ["Cluster:OriginUrl"] = $"http://127.0.0.1:{Invariant(httpB)}/",
            ["Cluster:ClaimTtlMs"] = Invariant(ClaimTtlMs),
            ["Cluster:HeartbeatIntervalMs"] = Invariant(HeartbeatIntervalMs),
            ["Packager:ReconnectGraceSeconds"] = "0",
        });
        // No static origin: everything the edge serves of /live comes from the claims.
        await using var edge = await EdgeNode.StartAsync("edge-1", origin: null, settings: new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis.ConnectionString,
        });
        try
        {
            using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
            {
                // ffmpeg gives up at the first refused connection: publish only once node A listens.
                await Eventually.TrueAsync(async () => (await probe.GetAsync($"http://127.0.0.1:{Invariant(httpA)}/healthz")).IsSuccessStatusCode,
                    Deadline, "node A to start");
            }
            var directory = nodeB.Services.GetRequiredService<RedisStreamDirectory>();
            string segmentFromA;
            string mediaFromA;
            await using (var encoderA = Publish($"rtmp://127.0.0.1:{Invariant(rtmpA)}/live/derby", "160x120"))
            {
                var owner = await Eventually.ReturnsAsync(() => directory.FindOwnerAsync("derby"), Deadline, "node A's claim");
                Assert.Equal("node-a", owner.NodeId);

                // Plays through the edge: multivariant, media playlist, a segment, all from node A.
                var multivariant = await PlaylistThroughEdgeAsync(edge, "live/derby/index.m3u8", t => t.Contains("RESOLUTION=160x120"));
                Assert.Contains("#EXT-X-STREAM-INF", multivariant);
                var media = await PlaylistThroughEdgeAsync(edge, "live/derby/video/index.m3u8", t => SegmentUri().IsMatch(t));
                segmentFromA = SegmentUri().Matches(media)[^1].Value;
                var bytes = await edge.Http.GetByteArrayAsync("live/derby/video/" + segmentFromA);
                Assert.True(bytes.Length > 0);
                // Node A's numbering is recorded in Redis (at once when its packager starts, then every heartbeat).
                using (var inspect = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
                {
                    var record = await Eventually.ReturnsAsync(async () => (string?)await inspect.GetDatabase().StringGetAsync("streamseq:derby"),
                        Deadline, "node A's numbering record");
                    Assert.Contains("\"seq\":", record);
                }

                // The same key on node B is refused while A holds it.
                var hubB = nodeB.Services.GetRequiredService<StreamHub>();
                Assert.False(hubB.TryPublish("derby", "rtmp", "test", out _, out var refusal));
                Assert.Contains("node-a", refusal);

                // The last playlist A served, straight from A: the highest numbers a viewer or the edge saw from it.
                using var directA = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Invariant(httpA)}/") };
                mediaFromA = await directA.GetStringAsync("live/derby/video/index.m3u8");
                nodeA.Kill();
            }
            var killed = Stopwatch.StartNew();
            await Eventually.TrueAsync(async () => await directory.FindOwnerAsync("derby") is null, TimeSpan.FromMilliseconds(ClaimTtlMs + 2_000),
                "the killed node's claim to expire");
            Assert.InRange(killed.ElapsedMilliseconds, 0, ClaimTtlMs + 2_000);

            // Republished on B at another size, so what the edge answers shows which node it came from.
            await using var encoderB = Publish(nodeB.RtmpUrl("derby"), "176x144");
            var ownerB = await Eventually.ReturnsAsync(() => directory.FindOwnerAsync("derby"), Deadline, "node B's claim");
            Assert.Equal("node-b", ownerB.NodeId);

            // The same playback URL through the edge now serves B's stream.
            await PlaylistThroughEdgeAsync(edge, "live/derby/index.m3u8", t => t.Contains("RESOLUTION=176x144"));
            // B's packager continues A's numbering from the record A left in Redis: a new period (a greater
            // EXT-X-DISCONTINUITY-SEQUENCE, another init segment) and media sequence numbers past every one A
            // could have used, so no segment, part or init name B serves is one the edge cached from A.
            var lastSequenceFromA = SegmentUri().Matches(mediaFromA).Max(m => SequenceOf(m.Value));
            var discontinuityFromA = Header(mediaFromA, "EXT-X-DISCONTINUITY-SEQUENCE");
            var mediaB = await PlaylistThroughEdgeAsync(edge, "live/derby/video/index.m3u8",
                t => SegmentUri().IsMatch(t) && Header(t, "EXT-X-DISCONTINUITY-SEQUENCE") > discontinuityFromA);
            Assert.True(Header(mediaB, "EXT-X-MEDIA-SEQUENCE") > lastSequenceFromA,
                $"B's media sequence continues after A's last segment {lastSequenceFromA}:\n{mediaB}");
            Assert.All(SegmentUri().Matches(mediaB), m => Assert.True(SequenceOf(m.Value) > lastSequenceFromA));
            Assert.NotEqual(InitUri().Match(mediaFromA).Value, InitUri().Match(mediaB).Value);
            var segmentFromB = SegmentUri().Matches(mediaB)[^1].Value;
            var direct = await nodeB.Http.GetByteArrayAsync("live/derby/video/" + segmentFromB);
            var throughEdge = await edge.Http.GetByteArrayAsync("live/derby/video/" + segmentFromB);
            Assert.Equal(direct, throughEdge);
        }
        finally
        {
            nodeA.Kill();
            dataA.Delete(recursive: true);
        }
    }

    private static ExternalProcess Publish(string url, string size) => ExternalProcess.Start("ffmpeg",
    [
        "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=10",
        "-t", "120", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "flv", url,
    ]);

    private static Task<string> PlaylistThroughEdgeAsync(EdgeNode edge, string path, Func<string, bool> ready) =>
        Eventually.ReturnsAsync(async () =>
        {
            using var response = await edge.Http.GetAsync(path);
            if (!response.IsSuccessStatusCode) return null;
            var text = await response.Content.ReadAsStringAsync();
            return ready(text) ? text : null;
        }, Deadline, $"{path} through the edge");

    private static long Header(string playlist, string tag) =>
        long.Parse(Regex.Match(playlist, $@"(?m)^#{tag}:(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);

    // "seg-<n>.m4s"
    private static long SequenceOf(string segmentUri) =>
        long.Parse(segmentUri.AsSpan(4, segmentUri.Length - 8), CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [GeneratedRegex(@"(?m)^seg-\d+\.m4s$")]
    private static partial Regex SegmentUri();

    [GeneratedRegex(@"#EXT-X-MAP:URI=""[^""]+""")]
    private static partial Regex InitUri();
}
