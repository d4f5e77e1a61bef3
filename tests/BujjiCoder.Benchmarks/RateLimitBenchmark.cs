using System.Diagnostics;
using StackExchange.Redis;

namespace BujjiCoder.Benchmarks;

/// <summary>
/// The rate limiter's cost and its fallback: the same requests against a replica without the limiter and one with
/// it (quotas too large to refuse anything, so every request is counted in Redis), both on one database and Redis in
/// one run; then the limited replica with Redis stopped (counted per replica), and how long it takes to go back to
/// Redis once Redis is started again.
/// </summary>
internal static class RateLimitBenchmark
{
    private const string Huge = "1000000";

    public static async Task RunAsync(TimeSpan duration, int concurrency)
    {
        await using var api = await ApiUnderTest.StartAsync();
        var prefix = $"bench:{Guid.NewGuid():N}:";
        var limited = await api.StartReplicaAsync(new Dictionary<string, string?>
        {
            ["RateLimiting__Enabled"] = "true",
            ["RateLimiting__KeyPrefix"] = prefix,
            ["RateLimiting__Anonymous__PermitLimit"] = Huge,
            ["RateLimiting__Roles__Admin__PermitLimit"] = Huge,
            ["RateLimiting__PersonalAccessTokens__PermitLimit"] = Huge,
        });
        var session = await api.SignInAsync();
        HttpRequestMessage Info(HttpClient _) => new(HttpMethod.Get, "/api/v1/info");
        HttpRequestMessage Me(HttpClient _) => api.Authorized(HttpMethod.Get, "/api/v1/auth/me", session.AccessToken);
        HttpRequestMessage MeByToken(HttpClient _) => api.Authorized(HttpMethod.Get, "/api/v1/auth/me", session.PersonalAccessToken);

        Console.WriteLine($"{concurrency} concurrent clients, {duration.TotalSeconds:0} s each, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"scenario",-52} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"errors",7} {"vs off",8}");
        foreach (var (name, request) in new (string, Func<HttpClient, HttpRequestMessage>)[]
        {
            ("GET /api/v1/info (anonymous: per IP)", Info),
            ("GET /api/v1/auth/me (JWT: per user)", Me),
            ("GET /api/v1/auth/me (PAT: per user + token)", MeByToken),
        })
        {
            var off = await LoadRun.RunAsync(api.Client, request, concurrency, duration);
            var on = await LoadRun.RunAsync(limited, request, concurrency, duration);
            Print($"{name}, limiter off", off, off);
            Print($"{name}, limiter on", on, off);
        }

        // Redis stopped: the limited replica counts on its own, and requests keep being answered.
        await api.Redis.StopAsync();
        var outage = Stopwatch.StartNew();
        using (var first = await limited.SendAsync(Info(limited)))
        {
            Console.WriteLine($"first request after Redis stopped: {(int)first.StatusCode} in {outage.Elapsed.TotalMilliseconds:0} ms");
        }

        var fallback = await LoadRun.RunAsync(limited, Info, concurrency, duration);
        var baseline = await LoadRun.RunAsync(api.Client, Info, concurrency, duration);
        Print("GET /api/v1/info, limiter off, Redis stopped", baseline, baseline);
        Print("GET /api/v1/info, limiter on, Redis stopped", fallback, baseline);

        // Redis back: how long until counting is shared again (the counter reappears in Redis).
        await api.Redis.StartAgainAsync();
        var recovery = Stopwatch.StartNew();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(api.Redis.ConnectionString);
        var key = $"{prefix}anonymous:ip:127.0.0.1";
        while (!await redis.GetDatabase().KeyExistsAsync(key) && recovery.Elapsed < TimeSpan.FromMinutes(2))
        {
            using var _ = await limited.SendAsync(Info(limited));
            await Task.Delay(100);
        }

        Console.WriteLine(await redis.GetDatabase().KeyExistsAsync(key)
            ? $"back to counting in Redis {recovery.Elapsed.TotalSeconds:0.0} s after Redis was started again"
            : "never went back to counting in Redis within 2 minutes");
    }

    private static void Print(string name, LoadResult result, LoadResult reference) =>
        Console.WriteLine($"{name,-52} {result.RequestsPerSecond,9:0} {result.P50,8:0.0} {result.P95,8:0.0} {result.Errors,7} {result.RequestsPerSecond / reference.RequestsPerSecond,7:0.000}x");
}
