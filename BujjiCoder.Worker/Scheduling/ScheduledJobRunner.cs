using System.Diagnostics;
using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Worker.Heartbeat;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Worker.Scheduling;

/// <summary>
/// Runs every <see cref="IScheduledJob"/> once per slot however many Worker replicas there are. A replica claims a slot by
/// inserting its <c>job_runs</c> row; the unique (Job, Slot) index makes every other insert do nothing, so exactly one
/// replica runs it — and a replica that restarts within a slot finds it taken and does not run it again. A replica that
/// starts in a slot nobody ran yet runs it at once, so a restart misses nothing that is due. A run that dies with its
/// replica stays <c>running</c> in the table; the next slot runs as usual.
/// </summary>
internal sealed partial class ScheduledJobRunner(
    IEnumerable<IScheduledJob> jobs, IServiceScopeFactory scopes, HeartbeatState replica, IMeterFactory meterFactory, TimeProvider time,
    ILogger<ScheduledJobRunner> logger) : BackgroundService
{
    private readonly Counter<long> _runs = meterFactory.Create(HeartbeatService.MeterName).CreateCounter<long>(
        "bujji.worker.job.runs", unit: "{run}", description: "Scheduled job runs by this replica, by job and outcome.");

    private readonly Histogram<double> _duration = meterFactory.Create(HeartbeatService.MeterName).CreateHistogram<double>(
        "bujji.worker.job.duration", unit: "s", description: "How long scheduled job runs take, by job.");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => RunScheduleAsync(job, stoppingToken)));

    private async Task RunScheduleAsync(IScheduledJob job, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var slot = ScheduleSlot.Containing(time.GetUtcNow().UtcDateTime, job.Interval);
                try
                {
                    if (await TryClaimAsync(job, slot, stoppingToken) is { } run)
                    {
                        await RunAsync(job, run, stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogClaimFailed(logger, exception, job.Name);
                }

                var wait = slot + job.Interval - time.GetUtcNow().UtcDateTime;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>The run's id when this replica won the slot, null when another (or an earlier life of this one) has it.</summary>
    private async Task<Guid?> TryClaimAsync(IScheduledJob job, DateTime slot, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow().UtcDateTime;
        // ON CONFLICT DO NOTHING (PostgreSQL and SQLite alike): losing the race is an answer, not an error to log.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO job_runs ("Id", "Job", "Slot", "Replica", "StartedAt", "Outcome")
            VALUES ({id}, {job.Name}, {slot}, {replica.InstanceId}, {now}, 'running')
            ON CONFLICT ("Job", "Slot") DO NOTHING
            """, cancellationToken);
        return inserted == 1 ? id : null;
    }

    private async Task RunAsync(IScheduledJob job, Guid run, CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        string outcome;
        string? error = null;
        try
        {
            await job.RunAsync(stoppingToken);
            outcome = "succeeded";
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            outcome = "failed";
            error = $"{exception.GetType().Name}: {exception.Message}";
            error = error.Length <= 500 ? error : error[..500];
            LogRunFailed(logger, exception, job.Name);
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
        }

        _runs.Add(1, new KeyValuePair<string, object?>("job", job.Name), new KeyValuePair<string, object?>("outcome", outcome));
        _duration.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job.Name));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var finished = time.GetUtcNow().UtcDateTime;
        await db.JobRuns.Where(r => r.Id == run).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.Outcome, outcome).SetProperty(r => r.Error, error).SetProperty(r => r.FinishedAt, finished),
            CancellationToken.None);
    }

    [LoggerMessage(LogLevel.Warning, "Scheduled job {Job} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(LogLevel.Warning, "Could not claim the current slot of scheduled job {Job}; trying again next slot")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string job);
}
