using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Sportall.Interop.Tests.Infrastructure;
using Sportall.MediaServer.Hosting;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;

namespace Sportall.Portal.Tests.Tracing;

/// <summary>The all-in-one host with tracing on, its spans collected in memory instead of sent over OTLP.</summary>
public sealed class HostTracingTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    private readonly ExportedSpans _spans = new();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "sportall-otel-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Server:BindAddress"] = "127.0.0.1",
            ["Server:HttpPort"] = "0",
            ["Ingest:RtmpPort"] = "0",
            ["Ingest:SrtEnabled"] = "false",
            ["Packager:DataPath"] = _dataPath,
            ["Logging:LogLevel:Default"] = "Warning",
            // Nothing listens there: the OTLP exporter's sends fail quietly; the in-memory exporter sees every span.
            [SportallTracing.EndpointKey] = "http://127.0.0.1:9",
        };
        _app = SportallHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        });
        await _app.StartAsync();
        var port = _app.Services.GetRequiredService<BoundEndpoints>().HttpPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = s_deadline };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [Fact]
    public async Task PortalPageIsAServerSpanWithItsCatalogCallsAsChildren()
    {
        var (tenant, e) = await SeedAsync();
        var path = $"/t/alpine/events/{e.Id}";
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(path)).StatusCode);

        var server = await ServerSpanAsync(path);
        var spans = Snapshot();
        var get = Assert.Single(spans, s =>
            s.Source.Name == TracingCatalogStore.ActivitySourceName && s.DisplayName == nameof(ICatalogStore.GetEventAsync)
            && s.TraceId == server.TraceId);
        Assert.Equal(ActivityKind.Client, get.Kind);
        Assert.Equal("litedb", get.GetTagItem("db.system"));
        Assert.Equal(tenant.Id, get.GetTagItem("sportall.tenant.id"));
        Assert.Contains(server.SpanId, Ancestors(get, spans));
        // The replays of the event are read in the same request, so in the same trace.
        Assert.Contains(spans, s => s.DisplayName == nameof(ICatalogStore.QueryReplaysAsync) && s.TraceId == server.TraceId);

        var resource = _app.Services.GetRequiredService<TracerProvider>().GetResource();
        Assert.Contains(resource.Attributes, a => a.Key == "service.name" && (string)a.Value == "sportall-media-portal");
    }

    [Fact]
    public async Task LiveRequestsProbesAndScrapesAreNotTraced()
    {
        await SeedAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/live/nobody/index.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/metrics")).StatusCode);
        // A traced request after them: once its span is out, theirs would have been too.
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/t/alpine/")).StatusCode);
        await ServerSpanAsync("/t/alpine/");

        var paths = Snapshot().Where(s => s.Kind == ActivityKind.Server).Select(s => s.GetTagItem("url.path") as string).ToList();
        Assert.DoesNotContain(paths, p => p is not null && (p.StartsWith("/live") || p == "/healthz" || p == "/metrics"));
    }

    private async Task<(Tenant Tenant, SportEvent Event)> SeedAsync()
    {
        var editor = _app.Services.GetRequiredService<CatalogEditor>();
        var tenant = new Tenant { Slug = "alpine", Name = "Alpine Federation" };
        await editor.SaveTenantAsync(tenant, CancellationToken.None);
        var e = new SportEvent { TenantId = tenant.Id, Title = "Downhill", ScheduledStart = DateTime.UtcNow.AddDays(1) };
        await editor.SaveEventAsync(e, CancellationToken.None);
        return (tenant, e);
    }

    // The server span ends after the response is sent, so it is exported a moment after the client has it.
    private Task<Activity> ServerSpanAsync(string path) =>
        Eventually.ReturnsAsync(() => Task.FromResult(Snapshot().FirstOrDefault(s =>
            s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == path)), s_deadline, $"the server span of {path}");

    private Activity[] Snapshot() => _spans.Snapshot();

    private static IEnumerable<ActivitySpanId> Ancestors(Activity span, IReadOnlyCollection<Activity> spans)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            yield return parent;
            parent = spans.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default;
        }
    }
}
