using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// Two Worker replicas as real processes (<c>dotnet BujjiCoder.Worker.dll</c>) on one PostgreSQL database, running retention
/// every second: between them every slot runs once, and restarting one neither repeats nor drops a slot.
/// </summary>
public sealed class WorkerReplicaProcessTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_worker_processes_run_every_slot_once_between_them_and_a_restart_of_one_neither_doubles_nor_misses_a_slot()
    {
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        // Started, so the schema is migrated before the Workers, which wait for it.
        _ = api.Factory.Services;
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings__bujjidb"] = api.DatabaseConnectionString,
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
            ["Worker__Retention__Interval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var one = await WorkerProcess.StartAsync(settings);
        await using var two = await WorkerProcess.StartAsync(settings);
        var restarted = one;
        try
        {
            await WaitForRunsAsync(api, one, 3);
            await WaitForRunsAsync(api, two, 3);

            // A graceful restart: the host stops, a new process (a new replica id) starts on the same schedule.
            var (first, second) = (one.ProcessId, two.ProcessId);
            var stoppedAt = DateTime.UtcNow;
            await one.DisposeAsync();
            restarted = await WorkerProcess.StartAsync(settings);
            await WaitForRunsAsync(api, restarted, 3);
            await WaitForRunsAsync(api, two, 3, after: DateTime.UtcNow);

            var rows = await RunsAsync(api);
            var slots = rows.Select(r => r.Slot).ToList();
            // Every second from the first slot to the last has its row, and only one (the restart's gap included).
            var expected = Enumerable.Range(0, (int)(slots[^1] - slots[0]).TotalSeconds + 1).Select(i => slots[0].AddSeconds(i)).ToList();
            Assert.Equal(expected, slots);
            var third = restarted.ProcessId;
            Assert.Contains(rows, r => r.Slot < stoppedAt && Ran(first, r));
            Assert.Contains(rows, r => Ran(third, r));
            Assert.Contains(rows, r => r.Slot < stoppedAt && Ran(second, r));
            Assert.Contains(rows, r => r.Slot > stoppedAt && Ran(second, r));
            Assert.All(rows, r => Assert.True(Ran(first, r) || Ran(second, r) || Ran(third, r), $"{r.Replica} is none of the three processes"));
            // Retention takes milliseconds: nothing fails, and at most a run under way when its replica stopped is cancelled.
            Assert.All(rows, r => Assert.Contains(r.Outcome, new[] { JobRunOutcomes.Succeeded, JobRunOutcomes.Skipped, JobRunOutcomes.Cancelled, JobRunOutcomes.Running }));
            Assert.True(rows.Count(r => r.Outcome == JobRunOutcomes.Succeeded) >= rows.Count - 3, string.Join(", ", rows.Select(r => r.Outcome)));
        }
        finally
        {
            await restarted.DisposeAsync();
            await one.DisposeAsync();
        }
    }

    /// <summary>Whether that process ran the row (replica ids are <c>worker/{host}/{pid}-{random}</c>).</summary>
    private static bool Ran(int processId, JobRun run) =>
        run.Replica.StartsWith($"worker/{Environment.MachineName}/{processId}-", StringComparison.Ordinal);

    private static async Task<List<JobRun>> RunsAsync(ApiHost api)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().JobRuns.AsNoTracking()
            .Where(r => r.Job == "retention").OrderBy(r => r.Slot).ToListAsync(Cancellation);
    }

    private static async Task WaitForRunsAsync(ApiHost api, WorkerProcess worker, int count, DateTime? after = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await RunsAsync(api)).Count(r => Ran(worker.ProcessId, r) && r.Slot >= (after ?? DateTime.MinValue)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"process {worker.ProcessId} ran fewer than {count} slots in 60 s:\n{worker.Output}");
            await Task.Delay(200, Cancellation);
        }
    }
}
