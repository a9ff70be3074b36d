using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Deploy.Tests.Infrastructure;
using Sportall.MediaServer.Hosting;
using Sportall.MediaServer.Hub;

namespace Sportall.Deploy.Tests.Monitoring;

/// <summary>A real Prometheus scrapes the host's /metrics: the target is up and our series arrive with their labels.</summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task PrometheusScrapesTheHostsMetrics()
    {
        Assert.True(ExternalTool.IsInstalled("prometheus"), "prometheus is not installed: apt-get install prometheus (test.sh does)");
        var dataPath = Directory.CreateTempSubdirectory("sportall-scrape-");
        var app = SportallHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:BindAddress"] = "127.0.0.1",
            ["Server:HttpPort"] = "0",
            ["Ingest:RtmpPort"] = "0",
            ["Ingest:SrtPort"] = "0",
            ["Packager:DataPath"] = dataPath.FullName,
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        try
        {
            var port = app.Services.GetRequiredService<BoundEndpoints>().HttpPort;
            var hub = app.Services.GetRequiredService<StreamHub>();
            Assert.True(hub.TryPublish("scraped", "rtmp", "test", out var source, out var reason), reason);
            try
            {
                await using var prometheus = await PrometheusServer.StartAsync("sportall", [$"127.0.0.1:{port}"]);
                var up = await prometheus.WaitForAsync("up{job=\"sportall\"} == 1", TimeSpan.FromSeconds(60));
                Assert.Equal($"127.0.0.1:{port}", Assert.Single(up).Labels["instance"]);

                var live = Assert.Single(await prometheus.WaitForAsync("sportall_stream_live{stream=\"scraped\"}", TimeSpan.FromSeconds(30)));
                Assert.Equal("1", live.Value);
                Assert.Equal("media", live.Labels["role"]);
                var publishers = await prometheus.WaitForAsync("sportall_publishers", TimeSpan.FromSeconds(30));
                Assert.True(double.Parse(Assert.Single(publishers).Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
            }
            finally
            {
                source.Dispose();
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            dataPath.Delete(recursive: true);
        }
    }
}
