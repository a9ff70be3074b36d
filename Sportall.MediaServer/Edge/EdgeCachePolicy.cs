using Microsoft.AspNetCore.OutputCaching;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// Output cache policy of the edge: every GET/HEAD is looked up under its <see cref="EdgeCacheKey"/>, and
/// concurrent misses of one key run the origin fetch once (the middleware's per-key lock). Whether and
/// how long a response is stored is decided by <see cref="EdgeProxyHandler"/> from the origin's
/// Cache-Control before the first body byte, because the middleware fixes the lifetime at that moment.
/// </summary>
internal sealed class EdgeCachePolicy : IOutputCachePolicy
{
    public static readonly EdgeCachePolicy Instance = new();

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        bool cacheable = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = cacheable;
        if (cacheable)
        {
            var key = EdgeCacheKey.For(request);
            context.HttpContext.Items[EdgeCacheKey.ItemKey] = key;
            EdgeCacheKey.Apply(context, key);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}
