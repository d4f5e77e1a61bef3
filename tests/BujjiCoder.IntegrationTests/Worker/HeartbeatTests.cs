extern alias worker;

using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using worker::BujjiCoder.Worker.Heartbeat;
using StackExchange.Redis;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>The Worker against real PostgreSQL and Redis: its heartbeat, its metric, its readiness and its start-up order.</summary>
public sealed class HeartbeatTests(TestInfrastructure infrastructure)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Heartbeat_reaches_the_database_and_redis_and_is_counted()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        await using var worker = await CreateWorkerAsync(database, migrate: true);
        using var client = worker.Factory.CreateClient();
        using var beats = new MetricCollector<long>(worker.Factory.Services.GetRequiredService<IMeterFactory>(), "BujjiCoder.Worker", "bujji.worker.heartbeats");

        await beats.WaitForMeasurementsAsync(minCount: 3, TimeSpan.FromSeconds(30));

        Assert.All(beats.GetMeasurementSnapshot(), beat => Assert.Equal("success", beat.Tags["outcome"]));
        await using var scope = worker.Factory.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ServiceHeartbeats.SingleAsync(Cancellation);
        Assert.Equal("worker", row.Service);
        Assert.True(row.Beats >= 3, $"{row.Beats} beats recorded");
        Assert.True(row.LastSeenAt > row.StartedAt);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.Redis.ConnectionString);
        var key = (RedisKey)$"bujji:heartbeat:{row.InstanceId}";
        Assert.True(await redis.GetDatabase().KeyExistsAsync(key));
        // The key expires by itself after the missed beats that make the worker unhealthy.
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.Zero, Interval * 3);

        using var ready = await client.GetAsync("/health/ready", Cancellation);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Worker_waits_for_the_api_to_migrate_before_it_starts()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        await using var worker = await CreateWorkerAsync(database, migrate: false);

        var workerStarted = Task.Run(worker.Factory.CreateClient, Cancellation);
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        Assert.False(workerStarted.IsCompleted, "the worker started on an empty database");

        // The Api migrates at start-up, as it does under the AppHost.
        await using var api = await TestHost.Postgres(infrastructure).OnDatabase(database).BuildApiAsync();
        api.Factory.CreateClient().Dispose();

        using var client = await workerStarted.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        await WaitForReadinessAsync(client, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Worker_turns_unready_when_its_beats_fail()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        await using var worker = await CreateWorkerAsync(database, migrate: true);
        using var client = worker.Factory.CreateClient();
        await WaitForReadinessAsync(client, HttpStatusCode.OK);

        await infrastructure.Postgres.DropDatabaseAsync(database);

        // The database check fails at once; the heartbeat check after the missed beats.
        var report = await WaitForReadinessAsync(client, HttpStatusCode.ServiceUnavailable, check: "heartbeat");
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("heartbeat").GetString());
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Heartbeat_check_says_starting_rather_than_unhealthy_until_the_first_beat_is_overdue()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var state = new HeartbeatState(time);
        var options = Options.Create(new HeartbeatOptions { Interval = TimeSpan.FromSeconds(5), MissedBeatsBeforeUnhealthy = 3 });
        var check = new HeartbeatHealthCheck(state, options, time);

        var starting = await check.CheckHealthAsync(new HealthCheckContext(), Cancellation);
        Assert.Equal((HealthStatus.Healthy, "starting: no beat yet"), (starting.Status, starting.Description));

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), Cancellation)).Status);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var neverBeat = await check.CheckHealthAsync(new HealthCheckContext(), Cancellation);
        Assert.Equal((HealthStatus.Unhealthy, "no successful beat since the start at 2026-01-01T00:00:00.0000000+00:00"), (neverBeat.Status, neverBeat.Description));

        state.Succeeded(time.GetUtcNow());
        var beating = await check.CheckHealthAsync(new HealthCheckContext(), Cancellation);
        Assert.Equal((HealthStatus.Healthy, null), (beating.Status, beating.Description));

        time.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext(), Cancellation)).Status);
    }

    private Task<WorkerHost> CreateWorkerAsync(string database, bool migrate) =>
        TestHost.Postgres(infrastructure).OnDatabase(database)
            .With("Database:MigrateOnStartup", migrate ? "true" : "false").With("Worker:Heartbeat:Interval", Interval.ToString())
            .BuildWorkerAsync();

    /// <summary>Polls readiness until it answers <paramref name="expected"/> (and, when named, <paramref name="check"/> agrees).</summary>
    private static async Task<JsonElement> WaitForReadinessAsync(HttpClient client, HttpStatusCode expected, string? check = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("/health/ready", Cancellation);
            var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
            var checkAgrees = check is null
                || report.GetProperty("checks").GetProperty(check).GetString() == (expected == HttpStatusCode.OK ? "Healthy" : "Unhealthy");
            if ((response.StatusCode == expected && checkAgrees) || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, response.StatusCode);
                return report;
            }

            await Task.Delay(100, Cancellation);
        }
    }
}
