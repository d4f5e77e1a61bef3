extern alias worker;

using System.Collections.Concurrent;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    private static async Task<List<JobRun>> RunsAsync(ApiHost api, string job)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().JobRuns.AsNoTracking()
            .Where(r => r.Job == job).OrderBy(r => r.Slot).ToListAsync(Cancellation);
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
}
