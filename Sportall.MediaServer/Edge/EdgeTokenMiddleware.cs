using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// Signed playback at the edge, ahead of the cache. A token is read from, in order:
/// <list type="number">
/// <item>the path prefix <c>/t/{token}/live/…</c>: players resolve the relative URIs of playlists and MPDs
/// against it, so the token reaches every child URL without rewriting cached bytes;</item>
/// <item>the query parameter (<c>?token=</c>): on a multivariant playlist or MPD the edge answers 302 to
/// the path form, which carries it on;</item>
/// <item>a cookie set by the viewer's site (CloudFront's signed-cookie model).</item>
/// </list>
/// The path prefix is removed before routing and the cache key holds only the path and LL-HLS directives,
/// so the token never reaches the cache key nor the origin.
/// </summary>
internal sealed class EdgeTokenMiddleware
{
    private const string PathTokenPrefix = "/t/";

    private readonly RequestDelegate _next;
    private readonly EdgeSigningOptions _options;
    private readonly PlaybackTokenSigner _signer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EdgeTokenMiddleware(RequestDelegate next, IOptions<EdgeOptions> options, PlaybackTokenSigner signer, TimeProvider time, ILogger<EdgeTokenMiddleware> logger)
    {
        _next = next;
        _options = options.Value.Signing;
        _signer = signer;
        _time = time;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        string path = request.Path.Value ?? "/";
        string? token = null;
        bool fromQuery = false;
        if (path.StartsWith(PathTokenPrefix, StringComparison.Ordinal))
        {
            int end = path.IndexOf('/', PathTokenPrefix.Length);
            if (end < 0)
            {
                return Reject(context, path, PlaybackTokenRejection.Malformed);
            }
            token = path[PathTokenPrefix.Length..end];
            path = path[end..];
            request.Path = path;
        }
        if (!_options.Required || !path.StartsWith("/live/", StringComparison.Ordinal))
        {
            return _next(context);
        }
        if (token is null)
        {
            var query = request.Query[_options.QueryParameter];
            if (query.Count > 0)
            {
                token = query.ToString();
                fromQuery = true;
            }
            else
            {
                token = request.Cookies[_options.CookieName];
            }
        }

        var client = context.Connection.RemoteIpAddress;
        var rejection = _signer.Verify(token, path, client, _time.GetUtcNow(), out _);
        if (rejection != PlaybackTokenRejection.None)
        {
            return Reject(context, path, rejection);
        }
        if (fromQuery && IsEntryManifest(path))
        {
            // The children of this manifest are relative URIs: in the path form they inherit the token.
            var response = context.Response;
            response.StatusCode = StatusCodes.Status302Found;
            response.Headers.CacheControl = "no-store";
            response.Headers.AccessControlAllowOrigin = "*";
            response.Headers.Location = PathTokenPrefix + token + path;
            EdgeMetrics.Response(StatusCodes.Status302Found);
            return Task.CompletedTask;
        }
        return _next(context);
    }

    private Task Reject(HttpContext context, string path, PlaybackTokenRejection reason)
    {
        EdgeLog.TokenRejected(_logger, path, context.Connection.RemoteIpAddress?.ToString(), reason);
        EdgeMetrics.TokenRejected(reason);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        EdgeMetrics.Response(StatusCodes.Status403Forbidden);
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers.AccessControlAllowOrigin = "*";
        response.ContentType = "text/plain; charset=utf-8";
        // The reason stays in the log: telling a forger which check failed helps only the forger.
        return response.WriteAsync("playback token refused\n");
    }

    // /live/{name}/index.m3u8 and /live/{name}/index.mpd: the URLs a player is handed.
    private static bool IsEntryManifest(string path)
    {
        int nameEnd = path.IndexOf('/', "/live/".Length);
        if (nameEnd < 0)
        {
            return false;
        }
        var rest = path.AsSpan(nameEnd);
        return rest.SequenceEqual("/index.m3u8") || rest.SequenceEqual("/index.mpd");
    }
}
