using System.Net;
using Microsoft.Extensions.Options;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// HTTP to the origins. With cluster routing (<see cref="EdgeOriginRouter"/>) a live stream's requests go
/// to the origin of the node that publishes it; otherwise, or when that node cannot be reached, to the
/// static origins: one first (chosen by the stream's name, so an origin's blocking reloads and caches stay
/// warm), failing over in order when it cannot be reached.
/// </summary>
internal sealed class OriginClient : IDisposable
{
    public const string EdgeHeader = "X-Sportall-Edge";

    private readonly HttpClient _http;
    private readonly Uri[] _origins;
    private readonly EdgeOriginRouter? _router;
    private readonly string _edge;

    public OriginClient(IOptions<EdgeOptions> options, EdgeOriginRouter? router = null)
        : this(options.Value, router, new SocketsHttpHandler
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
    }

    internal OriginClient(EdgeOptions edge, EdgeOriginRouter? router, HttpMessageHandler handler)
    {
        if (edge.Origins.Count == 0 && router is null)
        {
            throw new InvalidOperationException("The edge role needs at least one origin: set Edge:Origins:0 to the packager's base URL (e.g. http://origin:8080), or Cluster:Redis to follow the media nodes' stream claims.");
        }
        _origins = edge.Origins.Select(o => new Uri(o.EndsWith('/') ? o : o + "/", UriKind.Absolute)).ToArray();
        _router = router;
        _edge = EdgeNames.Of(edge);
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Sends GET for <paramref name="pathAndQuery"/>; returns once the origin's headers arrived (the body streams).</summary>
    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? stream, CancellationToken cancellation)
    {
        if (stream is not null && _router is not null && await _router.OwnerOriginAsync(stream).WaitAsync(cancellation) is { } owner)
        {
            try
            {
                return await SendAsync(owner, pathAndQuery, cancellation);
            }
            catch (HttpRequestException) when (_origins.Length > 0 && !cancellation.IsCancellationRequested)
            {
                // The owner is gone (killed, restarting) while its claim lives on for up to the claim TTL;
                // a static origin may have the stream, or answers 404 until the new owner's claim lands.
                _router.Invalidate(stream, owner);
            }
            catch (HttpRequestException)
            {
                _router.Invalidate(stream, owner);
                throw;
            }
        }
        if (_origins.Length == 0)
        {
            // Cluster routing only, and nobody publishes the stream: what an origin says of a stream it
            // does not have, cached like any 404 (at most half a part), so a starting stream shows up at once.
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([]) };
        }
        int first = stream is null ? 0 : (int)((uint)StringComparer.Ordinal.GetHashCode(stream) % (uint)_origins.Length);
        for (int attempt = 0; ; attempt++)
        {
            var origin = _origins[(first + attempt) % _origins.Length];
            try
            {
                return await SendAsync(origin, pathAndQuery, cancellation);
            }
            catch (HttpRequestException) when (attempt + 1 < _origins.Length && !cancellation.IsCancellationRequested)
            {
                // Connection refused or reset: the next origin may have the stream too.
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri origin, string pathAndQuery, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(origin, pathAndQuery.TrimStart('/')));
        request.Headers.TryAddWithoutValidation(EdgeHeader, _edge);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
    }

    public void Dispose() => _http.Dispose();
}
