using System.Net;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// Redis goes away and comes back: limits keep working per replica meanwhile (logged and counted), and counting
/// returns to Redis by itself. This class stops a Redis of its own, never the shared one.
/// </summary>
public sealed class Api04RateLimitFallbackTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_redis_stopped_limits_are_counted_per_replica_and_return_to_redis_when_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync();
        var logs = new LogRecorder();
        var prefix = $"fallback:{Guid.NewGuid():N}:";
        await using var host = await HostPresets.RateLimited(infrastructure, prefix).WithSettings(new Dictionary<string, string?>
        {
            ["RateLimiting:Anonymous:PermitLimit"] = "3",
            ["RateLimiting:RedisRetryInterval"] = "00:00:00.200",
            ["ConnectionStrings:cache"] = redis.ConnectionString,
        }).WithServices(services => services.AddSingleton<ILoggerProvider>(logs)).BuildApiAsync();
        using var client = host.Factory.CreateClient();
        using var fallbacks = new MetricCollector<long>(
            host.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "BujjiCoder.Api.RateLimiting", "bujji.rate_limit.fallback");
        var key = $"{prefix}anonymous:ip:{ClientAddress.Address}";

        // Shared counting: the count is in Redis.
        (await RateLimitHosts.InfoAsync(client)).EnsureSuccessStatusCode();
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            Assert.Equal(1, (int)await connection.GetDatabase().StringGetAsync(key));
        }

        await redis.StopAsync();

        // Redis is gone: requests are still answered, the limit still holds (counted here), nothing fails.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var answer = await RateLimitHosts.InfoAsync(client);
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await RateLimitHosts.AssertRefusedAsync(answer, "anonymous");
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(4, fallbacks.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
        Assert.Single(logs.Lines, line => line.Contains("Redis is unreachable: rate limits are counted per replica", StringComparison.Ordinal));

        // Redis is back (empty): counting returns to it without a restart of the Api.
        await redis.StartAgainAsync();
        await using var restarted = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await restarted.GetDatabase().KeyExistsAsync(key))
        {
            Assert.True(DateTime.UtcNow < deadline, "The Api never went back to counting in Redis.");
            using var _ = await RateLimitHosts.InfoAsync(client);
            await Task.Delay(200, Cancellation);
        }

        Assert.Contains(logs.Lines, line => line.Contains("Redis answers again", StringComparison.Ordinal));
        using var shared = await RateLimitHosts.InfoAsync(client);
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Equal(3 - (int)await restarted.GetDatabase().StringGetAsync(key), RateLimitHosts.Remaining(shared, "anonymous"));
    }
}
