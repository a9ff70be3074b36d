using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sportall.MediaServer.Cluster;
using StackExchange.Redis;

namespace Sportall.MediaServer.Edge;

public static class EdgeServiceCollectionExtensions
{
    /// <summary>Services of the edge role: output cache (memory, plus Redis when Edge:Redis is set), origin client, tokens.</summary>
    public static IServiceCollection AddEdge(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EdgeOptions.SectionName);
        services.Configure<EdgeOptions>(section);
        var options = section.Get<EdgeOptions>() ?? new EdgeOptions();

        services.AddOutputCache(cache =>
        {
            // Stream names and track ids are case-sensitive URL parts.
            cache.UseCaseSensitivePaths = true;
            cache.MaximumBodySize = options.MaxObjectBytes;
        });
        services.AddSingleton<EdgeStreamTimings>();
        AddClusterRouting(services, configuration, options);
        services.AddSingleton(sp => new OriginClient(sp.GetRequiredService<IOptions<EdgeOptions>>(), sp.GetService<EdgeOriginRouter>()));
        services.AddSingleton(sp => new PlaybackTokenSigner(sp.GetRequiredService<IOptions<EdgeOptions>>().Value.Signing.Keys));
        services.AddSingleton<EdgeProxyHandler>(sp => ActivatorUtilities.CreateInstance<EdgeProxyHandler>(sp,
            sp.GetService<EdgeFillLock>() is { } fillLock ? [fillLock] : []));

        Type? sharedStoreType = null;
        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var redis = ConfigurationOptions.Parse(options.Redis);
                // Start even while Redis is down: the shared tier is an optimisation, the edge serves without it.
                redis.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(redis);
            });
            services.AddSingleton<EdgeFillLock>();
            services.AddStackExchangeRedisOutputCache(redis => redis.InstanceName = options.RedisInstanceName);
            services.AddOptions<RedisOutputCacheOptions>().Configure<IServiceProvider>((redis, sp) =>
                redis.ConnectionMultiplexerFactory = () => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>()));
            sharedStoreType = services.Last(d => d.ServiceType == typeof(IOutputCacheStore)).ImplementationType;
        }
        services.RemoveAll<IOutputCacheStore>();
        services.AddSingleton<IOutputCacheStore>(sp => new TieredOutputCacheStore(
            sp.GetRequiredService<IOptions<EdgeOptions>>().Value,
            sharedStoreType is null ? null : (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, sharedStoreType),
            sp.GetService<IConnectionMultiplexer>(),
            sp.GetService<EdgeFillLock>(),
            sp.GetRequiredService<ILogger<TieredOutputCacheStore>>()));
        return services;
    }

    /// <summary>
    /// With Cluster:Redis set, live streams are fetched from the origin that owns them per the media nodes'
    /// claims. The edge reads the claims over its Edge:Redis connection when both name the same server
    /// (same configuration string), otherwise over a connection of its own.
    /// </summary>
    private static void AddClusterRouting(IServiceCollection services, IConfiguration configuration, EdgeOptions options)
    {
        var section = configuration.GetSection(ClusterOptions.SectionName);
        var clusterRedis = section[nameof(ClusterOptions.Redis)];
        if (string.IsNullOrWhiteSpace(clusterRedis))
        {
            return;
        }
        services.Configure<ClusterOptions>(section);
        bool shared = string.Equals(clusterRedis.Trim(), options.Redis?.Trim(), StringComparison.Ordinal);
        if (!shared)
        {
            services.AddSingleton<RedisConnection>();
        }
        services.AddSingleton(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            Func<IDatabase> database = shared
                ? () => sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase()
                : () => sp.GetRequiredService<RedisConnection>().Database;
            string prefix = cluster.StreamKeyPrefix;
            // Task.Run: the first use connects synchronously; the router's timeout must bound that too.
            return new EdgeOriginRouter(name => Task.Run(() => RedisStreamDirectory.FindOwnerAsync(database(), prefix + name)),
                sp.GetRequiredService<TimeProvider>(), EdgeOriginRouter.DefaultCacheFor, TimeSpan.FromMilliseconds(cluster.CommandTimeoutMs),
                sp.GetRequiredService<ILogger<EdgeOriginRouter>>());
        });
    }

    private static readonly string[] GetHead = ["GET", "HEAD"];

    /// <summary>
    /// The edge pipeline: tokens (and the /t/{token}/ prefix removed) → routing → egress accounting →
    /// output cache → origin fetch. Every playback URL of the origin is served: /live, /time, /play, /lib.
    /// </summary>
    public static WebApplication MapEdge(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        var signer = app.Services.GetRequiredService<PlaybackTokenSigner>();
        if (options.Signing.Required && !signer.HasKeys)
        {
            throw new InvalidOperationException("Edge:Signing:Required is set but Edge:Signing:Keys is empty.");
        }
        EdgeLog.Started(app.Services.GetRequiredService<ILogger<EdgeProxyHandler>>(), EdgeNames.Of(options),
            (app.Services.GetService<EdgeOriginRouter>() is null ? "" : "each stream's owner (Cluster:Redis), else ")
                + (options.Origins.Count == 0 ? "none" : string.Join(", ", options.Origins)), string.IsNullOrWhiteSpace(options.Redis) ? "none (memory only)" : "redis",
            options.Signing.Required ? "required" : "off");

        app.UseMiddleware<EdgeTokenMiddleware>();
        app.UseRouting();
        app.UseMiddleware<EdgeEgressMiddleware>();
        app.UseMiddleware<EdgeHotMediaMiddleware>();
        app.UseOutputCache();

        var handler = app.Services.GetRequiredService<EdgeProxyHandler>();
        foreach (var pattern in new[] { "/live/{**path}", "/play/{**path}", "/lib/{**path}", "/time" })
        {
            app.MapMethods(pattern, GetHead, handler.HandleAsync).CacheOutput(EdgeCachePolicy.Instance);
        }
        app.MapMethods("/live/{**path}", ["OPTIONS"], (HttpContext context) =>
        {
            var response = context.Response;
            EdgeProxyHandler.ApplyCors(response);
            response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
            response.Headers.AccessControlAllowHeaders = "Range, If-None-Match, If-Modified-Since, Cache-Control";
            response.Headers.AccessControlMaxAge = "86400";
            response.StatusCode = StatusCodes.Status204NoContent;
        });
        return app;
    }
}
