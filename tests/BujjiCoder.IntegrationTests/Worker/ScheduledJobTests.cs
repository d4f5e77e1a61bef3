extern alias worker;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using worker::BujjiCoder.Worker.Scheduling;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>Scheduled jobs run once per slot however many Worker replicas run, and a restart neither repeats nor skips a due slot.</summary>
public sealed class ScheduledJobTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_worker_replicas_run_each_slot_of_a_job_once_between_them()
    {
        var runs = new ConcurrentQueue<string>();
        var name = $"test-every-second-{Guid.NewGuid():N}";
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        await using var first = await TestHost.Beside(api).WithServices(new CountingJob(name, TimeSpan.FromSeconds(1), "first", runs).Register).BuildWorkerAsync();
        await using var second = await TestHost.Beside(api).WithServices(new CountingJob(name, TimeSpan.FromSeconds(1), "second", runs).Register).BuildWorkerAsync();
        await first.StartAsync();
        await second.StartAsync();
        var replicas = new Dictionary<string, string> { [first.InstanceId] = "first", [second.InstanceId] = "second" };

        await WaitUntilAsync(() => runs.Count >= 6);
        await first.DisposeAsync();
        await second.DisposeAsync();

        // Every run the jobs saw has its own slot's row, written by the replica that ran it; no slot has two.
        var rows = await RunsAsync(api, name);
        Assert.Equal(runs.Count, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Slot).Distinct().Count());
        Assert.Equal(runs.Order(StringComparer.Ordinal), rows.Select(r => replicas[r.Replica]).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(0, row.Slot.Ticks % TimeSpan.TicksPerSecond));
        Assert.All(rows.Where(r => r.FinishedAt is not null), row => Assert.Equal("succeeded", row.Outcome));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_replica_that_restarts_within_a_slot_does_not_run_it_again(string provider)
    {
        var runs = new ConcurrentQueue<string>();
        var name = $"test-hourly-{Guid.NewGuid():N}";
        await using var api = await (provider == "postgres" ? TestHost.Postgres(infrastructure) : TestHost.Sqlite()).BuildApiAsync();
        string ranIt;
        await using (var before = await TestHost.Beside(api).WithServices(new CountingJob(name, TimeSpan.FromHours(1), "before", runs).Register).BuildWorkerAsync())
        {
            await before.StartAsync();
            ranIt = before.InstanceId;
            await WaitUntilAsync(() => runs.Count == 1);
        }

        await using var after = await TestHost.Beside(api).WithServices(new CountingJob(name, TimeSpan.FromHours(1), "after", runs).Register).BuildWorkerAsync();
        await after.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);

        Assert.Equal(["before"], runs);
        var row = Assert.Single(await RunsAsync(api, name));
        Assert.Equal("succeeded", row.Outcome);
        Assert.Equal(ranIt, row.Replica);
    }

    [Fact]
    public async Task A_slot_whose_previous_run_is_still_going_on_a_live_replica_is_skipped_so_runs_never_overlap()
    {
        var name = $"test-slow-{Guid.NewGuid():N}";
        var active = 0;
        var overlapped = false;
        var started = 0;
        var job = new ScriptedJob(name, TimeSpan.FromSeconds(1), async cancellationToken =>
        {
            Interlocked.Increment(ref started);
            overlapped |= Interlocked.Increment(ref active) > 1;
            try
            {
                // Outlasts several slots, so the other replica meets it running.
                await Task.Delay(TimeSpan.FromSeconds(3.5), cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref active);
            }
        });
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        await using var first = await TestHost.Beside(api).WithServices(job.Register).BuildWorkerAsync();
        await using var second = await TestHost.Beside(api).WithServices(job.Register).BuildWorkerAsync();
        await first.StartAsync();
        await second.StartAsync();

        await WaitUntilAsync(async () => (await RunsAsync(api, name)).Count(r => r.Outcome == JobRunOutcomes.Succeeded) >= 2, TimeSpan.FromSeconds(45));
        await first.DisposeAsync();
        await second.DisposeAsync();

        var rows = await RunsAsync(api, name);
        Assert.False(overlapped, "two runs of the job ran at once");
        var skipped = rows.Where(r => r.Outcome == JobRunOutcomes.Skipped).ToList();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, row => Assert.NotNull(row.FinishedAt));
        Assert.Equal(started, rows.Count(r => r.Outcome is not JobRunOutcomes.Skipped));
        Assert.All(rows, row => Assert.Equal(TimeSpan.FromSeconds(1), row.Interval));
        // Every skipped slot began while a run was going.
        var ran = rows.Where(r => r.Outcome != JobRunOutcomes.Skipped).ToList();
        Assert.All(skipped, row => Assert.Contains(ran, run => run.Slot < row.Slot && row.Slot <= (run.FinishedAt ?? DateTime.MaxValue)));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_run_of_a_live_replica_blocks_the_job_until_it_passes_the_bound_and_is_abandoned(string provider)
    {
        var name = $"test-blocked-{Guid.NewGuid():N}";
        var runs = new ConcurrentQueue<string>();
        await using var api = await (provider == "postgres" ? TestHost.Postgres(infrastructure) : TestHost.Sqlite()).BuildApiAsync();
        // Another replica, beating, has been running the job for 54 s; runs count as hung after a minute.
        var hung = await InsertRunningAsync(api, name, startedAgo: TimeSpan.FromSeconds(54), replicaLastSeenAgo: TimeSpan.Zero);
        await using var worker = await TestHost.Beside(api).With("Worker:Scheduling:AbandonRunsAfter", "00:01:00")
            .WithServices(new CountingJob(name, TimeSpan.FromSeconds(1), "worker", runs).Register).BuildWorkerAsync();
        await worker.StartAsync();

        await WaitUntilAsync(async () => (await RunsAsync(api, name)).Any(r => r.Outcome == JobRunOutcomes.Skipped), TimeSpan.FromSeconds(5));
        Assert.Empty(runs);
        await WaitUntilAsync(() => Task.FromResult(runs.Count >= 2), TimeSpan.FromSeconds(30));

        var rows = await RunsAsync(api, name);
        var abandoned = Assert.Single(rows, r => r.Id == hung);
        Assert.Equal(JobRunOutcomes.Abandoned, abandoned.Outcome);
        Assert.NotNull(abandoned.FinishedAt);
        // Skipped while it ran, run once it was abandoned: no skipped slot after the first run.
        var firstRun = rows.Where(r => r.Outcome == JobRunOutcomes.Succeeded).Min(r => r.Slot);
        Assert.All(rows.Where(r => r.Outcome == JobRunOutcomes.Skipped), row => Assert.True(row.Slot < firstRun));
        Assert.True(abandoned.FinishedAt <= rows.Single(r => r.Slot == firstRun).StartedAt);
    }

    [Fact]
    public async Task A_run_left_running_by_a_replica_that_stopped_beating_is_abandoned_and_blocks_nothing()
    {
        var name = $"test-orphaned-{Guid.NewGuid():N}";
        var runs = new ConcurrentQueue<string>();
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        var orphan = await InsertRunningAsync(api, name, startedAgo: TimeSpan.FromMinutes(10), replicaLastSeenAgo: TimeSpan.FromMinutes(9));
        await using var worker = await TestHost.Beside(api).WithServices(new CountingJob(name, TimeSpan.FromSeconds(1), "worker", runs).Register).BuildWorkerAsync();
        await worker.StartAsync();

        await WaitUntilAsync(() => Task.FromResult(!runs.IsEmpty), TimeSpan.FromSeconds(10));

        var rows = await RunsAsync(api, name);
        Assert.Equal(JobRunOutcomes.Abandoned, rows.Single(r => r.Id == orphan).Outcome);
        Assert.DoesNotContain(rows, r => r.Outcome == JobRunOutcomes.Skipped);
    }

    [Fact]
    public async Task A_failing_job_degrades_readiness_naming_the_job_and_its_error_until_it_succeeds_again()
    {
        var name = $"test-flaky-{Guid.NewGuid():N}";
        var fail = true;
        var job = new ScriptedJob(name, TimeSpan.FromSeconds(1), _ => Volatile.Read(ref fail) ? throw new InvalidOperationException("the destination is full") : Task.CompletedTask);
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        await using var worker = await TestHost.Beside(api).WithServices(job.Register).BuildWorkerAsync();
        await worker.StartAsync();
        using var client = worker.Factory.CreateClient();
        var health = worker.Factory.Services.GetRequiredService<HealthCheckService>();

        await WaitUntilAsync(async () => (await RunsAsync(api, name)).Any(r => r.Outcome == JobRunOutcomes.Failed), TimeSpan.FromSeconds(10));
        var failing = (await health.CheckHealthAsync(Cancellation)).Entries["jobs"];
        Assert.Equal(HealthStatus.Degraded, failing.Status);
        Assert.Contains(name, failing.Description, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: the destination is full", failing.Description, StringComparison.Ordinal);
        // Degraded, not unready: the replica itself works, and whatever waits for it is not held up.
        using (var ready = await client.GetAsync("/health/ready", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("checks").GetProperty("jobs").GetString());
        }

        Volatile.Write(ref fail, false);
        await WaitUntilAsync(async () => (await RunsAsync(api, name)).Any(r => r.Outcome == JobRunOutcomes.Succeeded), TimeSpan.FromSeconds(10));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(Cancellation)).Entries["jobs"].Status);
    }

    [Fact]
    public async Task The_last_success_gauge_reads_job_runs_so_a_new_replica_reports_what_an_earlier_one_did()
    {
        var name = $"test-gauge-{Guid.NewGuid():N}";
        var runs = new ConcurrentQueue<string>();
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        await using (var before = await TestHost.Beside(api).WithServices(new CountingJob(name, TimeSpan.FromHours(1), "before", runs).Register).BuildWorkerAsync())
        {
            await before.StartAsync();
            await WaitUntilAsync(async () => (await RunsAsync(api, name)).Any(r => r.Outcome == JobRunOutcomes.Succeeded), TimeSpan.FromSeconds(30));
        }

        var finishedAt = Assert.Single(await RunsAsync(api, name)).FinishedAt!.Value;
        await using var after = await TestHost.Beside(api).WithServices(new CountingJob(name, TimeSpan.FromHours(1), "after", runs).Register).BuildWorkerAsync();
        using var gauge = new MetricCollector<long>(after.Factory.Services.GetRequiredService<IMeterFactory>(), "BujjiCoder.Worker", "bujji.worker.job.last_success");
        await after.StartAsync();

        await WaitUntilAsync(() =>
        {
            gauge.RecordObservableInstruments();
            return Task.FromResult(gauge.GetMeasurementSnapshot().Any(m => Equals(m.Tags["job"], name)));
        }, TimeSpan.FromSeconds(10));
        var measured = gauge.GetMeasurementSnapshot().Last(m => Equals(m.Tags["job"], name));
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(finishedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(), measured.Value);
        Assert.Equal(["before"], runs);
    }

    /// <summary>A <c>running</c> row of another replica, whose heartbeat was last seen <paramref name="replicaLastSeenAgo"/>.</summary>
    private static async Task<Guid> InsertRunningAsync(ApiHost api, string job, TimeSpan startedAgo, TimeSpan replicaLastSeenAgo)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var now = DateTime.UtcNow;
        var replica = $"worker/elsewhere/{Guid.NewGuid():N}";
        db.ServiceHeartbeats.Add(new ServiceHeartbeat
        {
            InstanceId = replica, Service = ServiceHeartbeat.WorkerService, Version = "test", StartedAt = now - startedAgo,
            // A live replica keeps beating through the test.
            LastSeenAt = replicaLastSeenAgo == TimeSpan.Zero ? now.AddHours(1) : now - replicaLastSeenAgo,
        });
        var run = new JobRun
        {
            Id = Guid.CreateVersion7(), Job = job, Slot = ScheduleSlot.Containing(now - startedAgo, TimeSpan.FromSeconds(1)), Interval = TimeSpan.FromSeconds(1),
            Replica = replica, StartedAt = now - startedAgo, Outcome = JobRunOutcomes.Running,
        };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(Cancellation);
        return run.Id;
    }

    private static async Task<List<JobRun>> RunsAsync(ApiHost api, string job)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().JobRuns.AsNoTracking()
            .Where(r => r.Job == job).OrderBy(r => r.Slot).ToListAsync(Cancellation);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not so within {within}");
            await Task.Delay(100, Cancellation);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the job did not run in 30 s");
            await Task.Delay(50, Cancellation);
        }
    }

    /// <summary>One replica's copy of a job (both register the same name), saying which replica ran each slot.</summary>
    private sealed class CountingJob(string name, TimeSpan interval, string replica, ConcurrentQueue<string> runs) : IScheduledJob
    {
        public string Name => name;

        public TimeSpan Interval => interval;

        public Task RunAsync(CancellationToken cancellationToken)
        {
            runs.Enqueue(replica);
            return Task.CompletedTask;
        }

        public void Register(IServiceCollection services) => services.AddSingleton<IScheduledJob>(this);
    }

    /// <summary>A job that does what the test says; one instance may serve several replicas.</summary>
    private sealed class ScriptedJob(string name, TimeSpan interval, Func<CancellationToken, Task> run) : IScheduledJob
    {
        public string Name => name;

        public TimeSpan Interval => interval;

        public Task RunAsync(CancellationToken cancellationToken) => run(cancellationToken);

        public void Register(IServiceCollection services) => services.AddSingleton<IScheduledJob>(this);
    }
}
