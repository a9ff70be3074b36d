using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Sportall.MediaServer.Edge;

namespace Sportall.Interop.Tests.Edge;

/// <summary>Counts the requests an origin receives from each edge (by the X-Sportall-Edge header), per path and query.</summary>
public sealed class OriginRequestLog : IStartupFilter
{
    private readonly ConcurrentDictionary<(string Edge, string Url), int> _counts = new();

    public int Count(string edge, string pathAndQuery) => _counts.TryGetValue((edge, pathAndQuery), out int n) ? n : 0;

    public int Total(string pathAndQuery) => _counts.Where(c => c.Key.Url == pathAndQuery).Sum(c => c.Value);

    public IReadOnlyList<(string Edge, string Url)> Snapshot() => _counts.Keys.ToList();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, inner) =>
        {
            var edge = context.Request.Headers[OriginClient.EdgeHeader].ToString();
            if (edge.Length > 0)
            {
                _counts.AddOrUpdate((edge, context.Request.Path.Value + context.Request.QueryString.Value), 1, (_, n) => n + 1);
            }
            return inner(context);
        });
        next(app);
    };
}
