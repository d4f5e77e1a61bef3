using System.Diagnostics;
using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Worker.Heartbeat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentry;

namespace BujjiCoder.Worker.Scheduling;

/// <summary>
/// Runs every <see cref="IScheduledJob"/> once per slot however many Worker replicas there are. A replica claims a slot by
/// inserting its <c>job_runs</c> row; the unique (Job, Slot) index makes every other insert do nothing, so exactly one
/// replica runs it — and a replica that restarts within a slot finds it taken and does not run it again. A replica that
/// starts in a slot nobody ran yet runs it at once, so a restart misses nothing that is due.
/// <para>
/// Runs of one job never overlap: while the previous run is <c>running</c> on a replica that still beats, the same insert
/// records the new slot <c>skipped</c> instead (a backup that outlasts its interval is not started twice). A <c>running</c>
/// run whose replica stopped beating, or that has run past <see cref="SchedulingOptions.AbandonRunsAfter"/>, is marked
/// <c>abandoned</c> first, so a dead or hung run blocks nothing for long.
/// </para>
/// </summary>
internal sealed partial class ScheduledJobRunner(
    IEnumerable<IScheduledJob> jobs, IServiceScopeFactory scopes, HeartbeatState replica, JobStatus status, IOptions<SchedulingOptions> options,
    IOptions<HeartbeatOptions> heartbeat, IMeterFactory meterFactory, TimeProvider time, ILogger<ScheduledJobRunner> logger, IHub errors) : BackgroundService
{
    private const int MaxOverrunSlots = 100;

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
                    await AbandonDeadRunsAsync(job, stoppingToken);
                    switch (await TryClaimAsync(job, slot, stoppingToken))
                    {
                        case (var run, JobRunOutcomes.Running):
                            await RunAsync(job, run, stoppingToken);
                            await RecordOverrunSlotsAsync(job, slot, stoppingToken);
                            break;
                        case (_, JobRunOutcomes.Skipped):
                            _runs.Add(1, new KeyValuePair<string, object?>("job", job.Name), new KeyValuePair<string, object?>("outcome", JobRunOutcomes.Skipped));
                            LogSkipped(logger, job.Name, slot);
                            break;
                    }

                    await status.RefreshAsync(stoppingToken);
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

    /// <summary>
    /// Marks <c>abandoned</c> the job's <c>running</c> rows nobody is running: this replica's own (its runs of one job follow
    /// each other, so one still <c>running</c> here lost its final update), those of a replica whose heartbeat is stale or gone
    /// (only once the run is as old as that staleness, so a replica that has not beaten yet is not taken for dead), and any
    /// past the bound.
    /// </summary>
    private async Task AbandonDeadRunsAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var staleBefore = now - heartbeat.Value.Interval * heartbeat.Value.MissedBeatsBeforeUnhealthy;
        var hungBefore = now - options.Value.AbandonRunsAfter;
        var me = replica.InstanceId;
        var abandoned = await db.JobRuns
            .Where(r => r.Job == job.Name && r.Outcome == JobRunOutcomes.Running
                && (r.Replica == me
                    || r.StartedAt < hungBefore
                    || (r.StartedAt < staleBefore && !db.ServiceHeartbeats.Any(h => h.InstanceId == r.Replica && h.LastSeenAt >= staleBefore))))
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Outcome, JobRunOutcomes.Abandoned).SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.Error, "its replica stopped, or it ran longer than Worker:Scheduling:AbandonRunsAfter"),
                cancellationToken);
        if (abandoned > 0)
        {
            LogAbandoned(logger, abandoned, job.Name);
        }
    }

    /// <summary>
    /// One statement: the slot's row, <c>running</c> (this replica runs it) or <c>skipped</c> (a live run of the job is still
    /// going), or nothing when another replica (or an earlier life of this one) has the slot.
    /// </summary>
    private async Task<(Guid Run, string? Outcome)> TryClaimAsync(IScheduledJob job, DateTime slot, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow().UtcDateTime;
        // ON CONFLICT DO NOTHING (PostgreSQL and SQLite alike): losing the race is an answer, not an error to log. SQLite needs
        // the WHERE to parse an upsert of a SELECT; a skipped row is finished as it is written.
        var outcome = await db.Database.SqlQuery<string>(
            $"""
            INSERT INTO job_runs ("Id", "Job", "Slot", "Interval", "Replica", "StartedAt", "FinishedAt", "Outcome")
            SELECT {id}, {job.Name}, {slot}, {job.Interval}, {replica.InstanceId}, {now}, skip.finished, skip.outcome
            FROM (SELECT CASE WHEN running THEN {now} END AS finished,
                         CASE WHEN running THEN {JobRunOutcomes.Skipped} ELSE {JobRunOutcomes.Running} END AS outcome
                  FROM (SELECT EXISTS (SELECT 1 FROM job_runs WHERE "Job" = {job.Name} AND "Outcome" = {JobRunOutcomes.Running}) AS running) AS previous) AS skip
            WHERE true
            ON CONFLICT ("Job", "Slot") DO NOTHING
            RETURNING "Outcome" AS "Value"
            """).ToListAsync(cancellationToken);
        return (id, outcome.SingleOrDefault());
    }

    /// <summary>
    /// Records <c>skipped</c> the slots that went by while this run ran (another replica may have recorded them already), so
    /// every slot has its row even when one replica runs the job alone — at most <see cref="MaxOverrunSlots"/> of them, so a
    /// run that hung for hours on a short schedule does not write thousands.
    /// </summary>
    private async Task RecordOverrunSlotsAsync(IScheduledJob job, DateTime slot, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var current = ScheduleSlot.Containing(now, job.Interval);
        var missed = slot + job.Interval;
        if (missed >= current)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        for (var count = 0; missed < current && count < MaxOverrunSlots; missed += job.Interval, count++)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO job_runs ("Id", "Job", "Slot", "Interval", "Replica", "StartedAt", "FinishedAt", "Outcome")
                VALUES ({Guid.CreateVersion7()}, {job.Name}, {missed}, {job.Interval}, {replica.InstanceId}, {now}, {now}, {JobRunOutcomes.Skipped})
                ON CONFLICT ("Job", "Slot") DO NOTHING
                """, cancellationToken);
        }
    }

    private async Task RunAsync(IScheduledJob job, Guid run, CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        string outcome;
        string? error = null;
        try
        {
            await job.RunAsync(stoppingToken);
            outcome = JobRunOutcomes.Succeeded;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            outcome = JobRunOutcomes.Failed;
            error = RunErrors.Cut(RunErrors.Summary(exception));
            LogRunFailed(logger, exception, job.Name);
            // A failed run is logged at Warning (the next slot may well succeed), below what reaches error tracking by
            // itself; report it explicitly, so Sentry (when Sentry:Dsn is set) shows which job fails and how.
            errors.CaptureException(exception, scope => scope.SetTag("job", job.Name));
        }
        catch (OperationCanceledException)
        {
            outcome = JobRunOutcomes.Cancelled;
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

    [LoggerMessage(LogLevel.Warning, "Could not claim, run or record the current slot of scheduled job {Job}; trying again next slot")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(LogLevel.Information, "Scheduled job {Job} skipped its slot {Slot:O}: its previous run is still running")]
    private static partial void LogSkipped(ILogger logger, string job, DateTime slot);

    [LoggerMessage(LogLevel.Warning, "Marked {Count} run(s) of scheduled job {Job} abandoned: their replica stopped, or they ran past the bound")]
    private static partial void LogAbandoned(ILogger logger, int count, string job);
}
