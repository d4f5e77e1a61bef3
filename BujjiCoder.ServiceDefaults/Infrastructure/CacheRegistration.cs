using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace BujjiCoder.ServiceDefaults.Infrastructure;

internal static class CacheRegistration
{
    /// <summary>
    /// HybridCache everywhere; with a Redis connection string it gets Redis as its shared second level
    /// (so every replica sees the same entries), without one it stays in process memory.
    /// </summary>
    public static string AddCache(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.Services.AddHybridCache();

        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(connectionName)))
        {
            return RuntimeInfrastructure.Memory;
        }

        // The Aspire integration brings the multiplexer, its tracing and its metrics; the health check
        // is ours so that it is named "cache" like everywhere else.
        builder.AddRedisClient(connectionName, settings => settings.DisableHealthChecks = true);
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, services) =>
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddHealthChecks().AddRedis(services => services.GetRequiredService<IConnectionMultiplexer>(), "cache");
        return RuntimeInfrastructure.Redis;
    }
}
