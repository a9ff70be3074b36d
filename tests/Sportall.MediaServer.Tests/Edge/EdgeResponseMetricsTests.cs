using Microsoft.AspNetCore.Http;
using Sportall.MediaServer.Edge;

namespace Sportall.MediaServer.Tests.Edge;

/// <summary>sportall_edge_responses_total{code} counts every answer of the edge, playback path or not.</summary>
public sealed class EdgeResponseMetricsTests
{
    // Codes no other test of this assembly answers with, so the global counter's deltas are this test's own.
    public static TheoryData<string, string, int> Cases => new()
    {
        { "playlist of a stream", "/live/acme-final/index.m3u8", 418 },
        { "a path outside the playback URLs", "/unknown", 421 },
        { "an origin failure passed on", "/live/acme-final/video/seg-1.m4s", 599 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachResponseIsCountedUnderItsStatusCode(string name, string path, int status)
    {
        var middleware = new EdgeEgressMiddleware(context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }, Microsoft.Extensions.Options.Options.Create(new EdgeOptions { Name = "edge-test" }));
        var before = EdgeMetrics.ResponseCount(status);

        for (var i = 0; i < 3; i++)
        {
            var context = new DefaultHttpContext();
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            await middleware.InvokeAsync(context);
        }

        Assert.True(EdgeMetrics.ResponseCount(status) - before == 3, name);
    }

    [Theory]
    [InlineData(200, "200")]
    [InlineData(404, "404")]
    [InlineData(599, "599")]
    [InlineData(600, "other")]
    [InlineData(-1, "other")]
    public void CodeLabels(int status, string label) => Assert.Equal(label, EdgeMetrics.CodeLabel(status));
}
