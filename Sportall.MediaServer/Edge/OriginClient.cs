using System.Net;
using Microsoft.Extensions.Options;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// HTTP to the origins. A stream's requests go to one origin first (chosen by its name, so an origin's
/// blocking reloads and caches stay warm) and fail over in order when it cannot be reached.
/// </summary>
internal sealed class OriginClient : IDisposable
{
    public const string EdgeHeader = "X-Sportall-Edge";

    private readonly HttpClient _http;
    private readonly Uri[] _origins;
    private readonly string _edge;

    public OriginClient(IOptions<EdgeOptions> options)
    {
        var edge = options.Value;
        if (edge.Origins.Count == 0)
        {
            throw new InvalidOperationException("The edge role needs at least one origin: set Edge:Origins:0 to the packager's base URL (e.g. http://origin:8080).");
        }
        _origins = edge.Origins.Select(o => new Uri(o.EndsWith('/') ? o : o + "/", UriKind.Absolute)).ToArray();
        _edge = EdgeNames.Of(edge);
        _http = new HttpClient(new SocketsHttpHandler
        {
            // A stampede opens many connections at once; the pool keeps them for the next one.
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Sends GET for <paramref name="pathAndQuery"/>; returns once the origin's headers arrived (the body streams).</summary>
    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? stream, CancellationToken cancellation)
    {
        int first = stream is null ? 0 : (int)((uint)StringComparer.Ordinal.GetHashCode(stream) % (uint)_origins.Length);
        for (int attempt = 0; ; attempt++)
        {
            var origin = _origins[(first + attempt) % _origins.Length];
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(origin, pathAndQuery.TrimStart('/')));
            request.Headers.TryAddWithoutValidation(EdgeHeader, _edge);
            try
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            }
            catch (HttpRequestException) when (attempt + 1 < _origins.Length && !cancellation.IsCancellationRequested)
            {
                // Connection refused or reset: the next origin may have the stream too.
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
