using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// The edge's answer to a cache miss: one origin fetch per key at a time on this node (concurrent
/// requests await it), streamed to the first requester as it arrives while it is kept for the others,
/// for the output cache and as the last good copy; a failed origin is answered from that copy within
/// its stale-if-error window, otherwise with 502/504 and the reason.
/// </summary>
internal sealed class EdgeProxyHandler : IDisposable
{
    // Serving several viewers from a 64 KiB read keeps per-read overhead small against a ~1 MB segment.
    private const int CopyChunkBytes = 64 * 1024;

    // A failing origin should not get a request per viewer: keep a failure answer for this long.
    private static readonly TimeSpan FailureRetention = TimeSpan.FromMilliseconds(500);

    // Longest a finished fetch answers late arrivals before the output cache alone does.
    private static readonly TimeSpan SuccessRetention = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, EdgeFetch> _inflight = new(StringComparer.Ordinal);
    private readonly MemoryCache _stale;
    private readonly MemoryCache _hotMedia;
    private readonly MemoryCache _fetchedObjects = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly OriginClient _origin;
    private readonly EdgeStreamTimings _timings;
    private readonly EdgeFillLock? _fillLock;
    private readonly EdgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _edge;

    public EdgeProxyHandler(OriginClient origin, EdgeStreamTimings timings, IOptions<EdgeOptions> options, TimeProvider time,
        ILogger<EdgeProxyHandler> logger, EdgeFillLock? fillLock = null)
    {
        _origin = origin;
        _timings = timings;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _fillLock = fillLock;
        _edge = EdgeNames.Of(_options);
        _stale = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.StaleCacheBytes });
        _hotMedia = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.HotMediaBytes });
    }

    /// <summary>Immutable media fetched by this node and still within its lifetime (see <see cref="EdgeHotMediaMiddleware"/>).</summary>
    public bool TryGetHotMedia(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EdgeFetchResult? result) =>
        _hotMedia.TryGetValue(key, out result) && result is not null;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string key = context.Items[EdgeCacheKey.ItemKey] as string ?? EdgeCacheKey.For(request);
        string path = request.Path.Value ?? "/";
        var kind = EdgeObject.KindOf(path);

        var fetch = new EdgeFetch();
        var running = _inflight.GetOrAdd(key, fetch);
        if (!ReferenceEquals(running, fetch))
        {
            EdgeMetrics.Coalesced(_edge, kind);
            context.Items[EdgeEgressMiddleware.ResultItem] = "coalesced";
            EdgeFetchResult shared;
            try
            {
                shared = await running.Result.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (shared.Complete)
            {
                await WriteAsync(context, shared);
                return;
            }
            // Too large to keep in memory: this request streams its own copy.
            await LeadAsync(context, key, path, kind, null);
            return;
        }
        await LeadAsync(context, key, path, kind, fetch);
    }

    private async Task LeadAsync(HttpContext context, string key, string path, EdgeObjectKind kind, EdgeFetch? fetch)
    {
        context.Items[EdgeEgressMiddleware.ResultItem] = "miss";
        EdgeFetchResult? result = null;
        try
        {
            result = await FetchAndWriteAsync(context, key, path, kind);
        }
        finally
        {
            result ??= EdgeFetchResult.Failure(StatusCodes.Status502BadGateway, "the edge failed while fetching " + key);
            if (fetch is not null)
            {
                fetch.Complete(result);
                // Requests arriving just after the fetch are answered from it: the output cache stores the
                // entry only after this handler returns (and Redis a round trip later), which would otherwise
                // leave a window for a second origin fetch. A failing origin is shielded the same way.
                var retain = result.Error is not null && !result.Stale ? FailureRetention
                    : result.Complete && result.Ttl > TimeSpan.Zero ? Min(result.Ttl, SuccessRetention)
                    : TimeSpan.Zero;
                if (retain > TimeSpan.Zero)
                {
                    _ = ForgetLaterAsync(key, fetch, retain);
                }
                else
                {
                    _inflight.TryRemove(new KeyValuePair<string, EdgeFetch>(key, fetch));
                }
            }
            // A stored answer releases the cluster lock when it reaches Redis; anything not stored frees it now
            // so other edges stop waiting for an object that will not appear.
            if (_fillLock is not null && (result.Ttl <= TimeSpan.Zero || result.Stale || !result.Complete))
            {
                _ = _fillLock.ReleaseAsync(key);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task ForgetLaterAsync(string key, EdgeFetch fetch, TimeSpan retain)
    {
        await Task.Delay(retain, _time);
        _inflight.TryRemove(new KeyValuePair<string, EdgeFetch>(key, fetch));
    }

    private async Task<EdgeFetchResult> FetchAndWriteAsync(HttpContext context, string key, string path, EdgeObjectKind kind)
    {
        string? stream = EdgeObject.StreamOf(path);
        using var timeout = new CancellationTokenSource(_options.OriginTimeout, _time);
        HttpResponseMessage response;
        try
        {
            response = await _origin.GetAsync(key, stream, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            EdgeMetrics.OriginFetch(_edge, kind, 0);
            return await FailAsync(context, key, StatusCodes.Status504GatewayTimeout,
                $"origin did not answer within {_options.OriginTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            EdgeMetrics.OriginFetch(_edge, kind, 0);
            return await FailAsync(context, key, StatusCodes.Status502BadGateway, "origin unreachable: " + ex.Message);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            EdgeMetrics.OriginFetch(_edge, kind, status);
            // 503 is the origin's own answer to a blocking reload it could not satisfy (RFC 8216bis §6.2.5.2):
            // pass it on. Other 5xx mean the origin is failing: a recent good copy is better than an error.
            if (status >= 500 && status != StatusCodes.Status503ServiceUnavailable)
            {
                return await FailAsync(context, key, StatusCodes.Status502BadGateway, $"origin answered {status}");
            }
            if (status < 400)
            {
                CountObject(key, kind);
            }

            var cacheControl = response.Headers.CacheControl;
            string? contentType = response.Content.Headers.ContentType?.ToString();
            string? etag = response.Headers.ETag?.ToString();
            string? lastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);
            long? length = response.Content.Headers.ContentLength;
            bool blockingReload = key.Contains("_HLS_msn=", StringComparison.Ordinal);
            double? partTarget = stream is not null && _timings.TryGetPartTarget(stream, out double p) ? p : null;
            var now = _time.GetUtcNow();

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                if (kind is EdgeObjectKind.Playlist or EdgeObjectKind.Mpd || status != StatusCodes.Status200OK)
                {
                    // Manifests are a few KB and their lifetime depends on what they say: read, then answer.
                    var bytes = await ReadSmallAsync(body, length, timeout.Token);
                    if (kind == EdgeObjectKind.Playlist && stream is not null
                        && EdgeStreamTimings.TryReadSeconds(bytes, "PART-TARGET="u8, out double learned))
                    {
                        _timings.Learn(stream, learned);
                    }
                    var ttl = EdgeCacheRules.Ttl(kind, status, cacheControl, blockingReload, bytes, partTarget, _options);
                    var result = new EdgeFetchResult(status, contentType, cacheControl?.ToString(), etag, lastModified, bytes, ttl)
                    {
                        FetchedAt = now,
                        StaleUntil = now + EdgeCacheRules.StaleWindow(kind, bytes, ttl, _options),
                    };
                    KeepForStale(key, result);
                    await WriteAsync(context, result);
                    return result;
                }
                return await PassThroughAsync(context, key, kind, body, length, contentType, cacheControl, etag, lastModified, blockingReload, partTarget, now, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                if (!context.Response.HasStarted)
                {
                    return await FailAsync(context, key, StatusCodes.Status504GatewayTimeout, "origin stalled while sending the body");
                }
                // Headers are out: only cutting the connection tells the player the body is short.
                context.Abort();
                return EdgeFetchResult.Failure(StatusCodes.Status504GatewayTimeout, "origin stalled while sending the body");
            }
            catch (IOException ex)
            {
                if (!context.Response.HasStarted)
                {
                    return await FailAsync(context, key, StatusCodes.Status502BadGateway, "origin connection broke: " + ex.Message);
                }
                context.Abort();
                return EdgeFetchResult.Failure(StatusCodes.Status502BadGateway, "origin connection broke: " + ex.Message);
            }
        }
    }

    /// <summary>
    /// Media: forward the origin's body as it arrives (a part still being produced reaches the viewer
    /// chunk by chunk), keeping the bytes for the waiters, the output cache (teed by its stream) and stale.
    /// </summary>
    private async Task<EdgeFetchResult> PassThroughAsync(HttpContext context, string key, EdgeObjectKind kind, Stream body, long? length,
        string? contentType, System.Net.Http.Headers.CacheControlHeaderValue? cacheControl, string? etag, string? lastModified,
        bool blockingReload, double? partTarget, DateTimeOffset now, CancellationToken cancellation)
    {
        var ttl = EdgeCacheRules.Ttl(kind, StatusCodes.Status200OK, cacheControl, blockingReload, default, partTarget, _options);
        bool keep = length is null || length <= _options.MaxObjectBytes;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        ApplyCors(response);
        response.ContentType = contentType;
        response.ContentLength = length;
        SetHeader(response, HeaderNames.CacheControl, cacheControl?.ToString());
        SetHeader(response, HeaderNames.ETag, etag);
        SetHeader(response, HeaderNames.LastModified, lastModified);
        DecideCaching(context, keep ? ttl : TimeSpan.Zero);

        bool toClient = !HttpMethods.IsHead(context.Request.Method);
        byte[] buffer = keep && length is long known ? new byte[known] : new byte[CopyChunkBytes];
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (length is not null && keep)
                {
                    break;
                }
                if (keep && buffer.Length < _options.MaxObjectBytes)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, _options.MaxObjectBytes));
                }
                else
                {
                    keep = false;
                    filled = 0;
                }
            }
            int read = await body.ReadAsync(buffer.AsMemory(filled), cancellation);
            if (read == 0)
            {
                break;
            }
            if (toClient)
            {
                try
                {
                    await response.Body.WriteAsync(buffer.AsMemory(filled, read), context.RequestAborted);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException)
                {
                    // The viewer left; the fetch goes on for the others waiting on it and for the cache.
                    toClient = false;
                }
            }
            filled += read;
        }

        if (!keep)
        {
            return new EdgeFetchResult(StatusCodes.Status200OK, contentType, cacheControl?.ToString(), etag, lastModified, [], TimeSpan.Zero) { Complete = false };
        }
        if (filled != buffer.Length)
        {
            Array.Resize(ref buffer, filled);
        }
        var result = new EdgeFetchResult(StatusCodes.Status200OK, contentType, cacheControl?.ToString(), etag, lastModified, buffer, ttl)
        {
            FetchedAt = now,
            StaleUntil = now + EdgeCacheRules.StaleWindow(kind, default, ttl, _options),
        };
        KeepForStale(key, result);
        if (ttl > TimeSpan.Zero && (cacheControl?.Extensions.Any(e => e.Name == "immutable") ?? false))
        {
            _hotMedia.Set(key, result, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = result.Body.Length + 256 });
        }
        return result;
    }

    private async Task<EdgeFetchResult> FailAsync(HttpContext context, string key, int status, string reason)
    {
        var now = _time.GetUtcNow();
        if (_stale.TryGetValue(key, out EdgeFetchResult? good) && good is not null && now <= good.StaleUntil)
        {
            EdgeLog.ServedStale(_logger, key, reason, (long)(now - good.FetchedAt).TotalMilliseconds);
            context.Items[EdgeEgressMiddleware.ResultItem] = "stale";
            var stale = good with { Stale = true, Ttl = TimeSpan.Zero, Error = reason };
            await WriteAsync(context, stale);
            return stale;
        }
        var failure = EdgeFetchResult.Failure(status, $"{reason}; no copy of {key} within its stale-if-error window");
        EdgeLog.OriginFailed(_logger, key, reason, status);
        context.Items[EdgeEgressMiddleware.ResultItem] = "error";
        await WriteAsync(context, failure);
        return failure;
    }

    private static async Task WriteAsync(HttpContext context, EdgeFetchResult result)
    {
        var response = context.Response;
        response.StatusCode = result.StatusCode;
        ApplyCors(response);
        response.ContentType = result.ContentType;
        if (result.Stale)
        {
            // A stale answer must not be kept downstream as if fresh.
            response.Headers[HeaderNames.CacheControl] = "no-cache";
            response.Headers[HeaderNames.Age] = ((long)(DateTimeOffset.UtcNow - result.FetchedAt).TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            SetHeader(response, HeaderNames.CacheControl, result.CacheControl);
        }
        SetHeader(response, HeaderNames.ETag, result.ETag);
        SetHeader(response, HeaderNames.LastModified, result.LastModified);
        DecideCaching(context, result.Stale || result.Error is not null ? TimeSpan.Zero : result.Ttl);
        response.ContentLength = result.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method) && result.Body.Length > 0)
        {
            await response.Body.WriteAsync(result.Body, context.RequestAborted);
        }
    }

    // The output cache fixes an entry's lifetime when the response starts: decide before the first byte.
    private static void DecideCaching(HttpContext context, TimeSpan ttl)
    {
        var feature = context.Features.Get<IOutputCacheFeature>();
        if (feature is null)
        {
            return;
        }
        var cache = feature.Context;
        if (ttl > TimeSpan.Zero)
        {
            cache.AllowCacheStorage = true;
            cache.ResponseExpirationTimeSpan = ttl;
        }
        else
        {
            cache.AllowCacheStorage = false;
        }
    }

    private void KeepForStale(string key, EdgeFetchResult result)
    {
        if (result.StatusCode != StatusCodes.Status200OK || result.StaleUntil <= result.FetchedAt)
        {
            return;
        }
        _stale.Set(key, result, new MemoryCacheEntryOptions
        {
            AbsoluteExpiration = result.StaleUntil,
            Size = result.Body.Length + 256,
        });
    }

    private void CountObject(string key, EdgeObjectKind kind)
    {
        if (_fetchedObjects.TryGetValue(key, out _))
        {
            return;
        }
        _fetchedObjects.Set(key, true, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        EdgeMetrics.OriginObject(_edge, kind);
    }

    private static async Task<byte[]> ReadSmallAsync(Stream body, long? length, CancellationToken cancellation)
    {
        if (length is long known)
        {
            var bytes = new byte[known];
            await body.ReadExactlyAsync(bytes, cancellation);
            return bytes;
        }
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, cancellation);
        return copy.ToArray();
    }

    internal static void ApplyCors(HttpResponse response)
    {
        var headers = response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlExposeHeaders = "Content-Length, Content-Range, Accept-Ranges, Date, Age";
    }

    private static void SetHeader(HttpResponse response, string name, string? value)
    {
        if (value is not null)
        {
            response.Headers[name] = value;
        }
    }

    public void Dispose()
    {
        _stale.Dispose();
        _hotMedia.Dispose();
        _fetchedObjects.Dispose();
    }
}
