namespace Sportall.MediaServer.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Shared state across nodes when Cluster:Redis is set: ownership claims with heartbeats, the
    /// directory edges read and the live events subscription. Without it nothing is registered and the
    /// hub keeps ownership in memory (a single node).
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ClusterOptions.SectionName);
        services.Configure<ClusterOptions>(section);
        if (string.IsNullOrWhiteSpace(section[nameof(ClusterOptions.Redis)])) return services;

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisStreamDirectory>();
        services.AddSingleton<RedisStreamOwnership>();
        services.AddSingleton<IStreamOwnership>(sp => sp.GetRequiredService<RedisStreamOwnership>());
        services.AddSingleton<IStreamContinuity>(sp => sp.GetRequiredService<RedisStreamOwnership>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisStreamOwnership>());
        services.AddSingleton<LiveEventSubscriber>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveEventSubscriber>());
        return services;
    }
}
