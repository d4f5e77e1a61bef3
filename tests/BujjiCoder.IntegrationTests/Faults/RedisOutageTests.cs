using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BujjiCoder.IntegrationTests.Faults;

/// <summary>
/// Redis stopped and started again while users read: every read is answered (the tree's shared cache level and the rate
/// limiter's counters are in Redis), the limiter counts per replica meanwhile and goes back to Redis afterwards. The
/// sequence of the fallback itself (limits still hold, logs) is Security/Api04RateLimitFallbackTests; this is the same
/// outage under concurrent load. The class stops a Redis of its own, never the shared one.
/// </summary>
public sealed class RedisOutageTests(TestInfrastructure infrastructure)
{
    private const int Users = 4;

    // Reads wait at most for the limiter's Redis timeout and the cache's failed lookup; a hang would show as seconds.
    private static readonly TimeSpan SlowestRead = TimeSpan.FromSeconds(5);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_under_load_are_all_answered_while_redis_is_down_and_limits_return_to_redis_when_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync();
        var prefix = $"outage:{Guid.NewGuid():N}:";
        await using var api = await HostPresets.RateLimited(infrastructure, prefix).WithSettings(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["RateLimiting:RedisRetryInterval"] = "00:00:00.500",
            ["RateLimiting:Roles:User:PermitLimit"] = "100000",
        }).BuildApiAsync();
        using var http = api.Factory.CreateClient();
        using var fallbacks = new MetricCollector<long>(
            api.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "BujjiCoder.Api.RateLimiting", "bujji.rate_limit.fallback");
        var clients = new List<(WorkspaceClient User, string Ws)>();
        for (var i = 0; i < Users; i++)
        {
            clients.Add(await WorkspaceClient.WithWorkspaceAsync(http, ("README.md", "# kept\n"), ("src/app.cs", "class App {}\n")));
        }

        var failures = new ConcurrentQueue<string>();
        var latencies = new ConcurrentBag<(string Phase, TimeSpan Took)>();
        var phase = "before";
        using var stop = new CancellationTokenSource();
        var load = clients.Select(client => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var path in new[] { $"/api/v1/workspaces/{client.Ws}/tree?recursive=true", $"/api/v1/workspaces/{client.Ws}/files/README.md" })
                {
                    var started = Stopwatch.StartNew();
                    using var response = await client.User.SendAsync(HttpMethod.Get, path);
                    latencies.Add((Volatile.Read(ref phase), started.Elapsed));
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{Volatile.Read(ref phase)} {path}: {(int)response.StatusCode}");
                    }
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        await redis.StopAsync();
        Volatile.Write(ref phase, "down");
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        Assert.True(fallbacks.GetMeasurementSnapshot().Sum(measurement => measurement.Value) > 0, "the limiter never counted locally while Redis was down");

        await redis.StartAgainAsync();
        Volatile.Write(ref phase, "back");
        await using var restarted = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var clock = Stopwatch.StartNew();
        while ((await restarted.GetServer(restarted.GetEndPoints()[0]).KeysAsync(pattern: prefix + "*").ToListAsync(Cancellation)).Count == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the limiter never went back to counting in Redis");
            await Task.Delay(100, Cancellation);
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.True(failures.IsEmpty, string.Join("; ", failures.Take(10)));
        var slowest = latencies.GroupBy(latency => latency.Phase).ToDictionary(group => group.Key, group => group.Max(latency => latency.Took));
        Assert.True(latencies.Count(latency => latency.Phase == "down") >= Users, "too few reads while Redis was down to say anything");
        Assert.All(slowest, phaseSlowest => Assert.True(phaseSlowest.Value < SlowestRead, $"slowest read {phaseSlowest.Key}: {phaseSlowest.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", slowest.Select(pair => $"{pair.Key}: {latencies.Count(l => l.Phase == pair.Key)} reads, slowest {pair.Value.TotalMilliseconds:F0} ms")));
    }
}
