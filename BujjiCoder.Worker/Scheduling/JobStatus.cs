using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Worker.Heartbeat;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Worker.Scheduling;

/// <summary>
/// How this deployment's jobs are doing, read from <c>job_runs</c> (so it holds across restarts and counts every replica's
/// runs): each job's last success and its latest verdict. The runner refreshes it every slot and the health check on every
/// probe; the <c>bujji.worker.job.last_success</c> gauge reports what the latest refresh read, so a collection never waits
/// on the database.
/// </summary>
internal sealed class JobStatus
{
    private readonly IReadOnlyList<string> _jobs;
    private readonly IServiceScopeFactory _scopes;
    private readonly ConcurrentDictionary<string, Snapshot> _latest = new(StringComparer.Ordinal);

    public JobStatus(IEnumerable<IScheduledJob> jobs, IServiceScopeFactory scopes, IMeterFactory meterFactory)
    {
        _jobs = [.. jobs.Select(job => job.Name).Distinct(StringComparer.Ordinal)];
        _scopes = scopes;
        meterFactory.Create(HeartbeatService.MeterName).CreateObservableGauge(
            "bujji.worker.job.last_success", ObserveLastSuccess, unit: "s",
            description: "When each job last succeeded on any replica, in Unix seconds (from job_runs); absent until it has.");
    }

    /// <summary>One job as the latest refresh saw it.</summary>
    public sealed record Snapshot(string Job, DateTime? LastSuccessAt, JobRun? LatestVerdict)
    {
        /// <summary>Its latest run that reached a verdict failed, or was abandoned by a replica that stopped or hung.</summary>
        public bool Failing => JobRunOutcomes.IsFailing(LatestVerdict?.Outcome);
    }

    public IReadOnlyCollection<Snapshot> Latest => [.. _latest.Values];

    public async Task<IReadOnlyList<Snapshot>> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var snapshots = new List<Snapshot>(_jobs.Count);
        foreach (var job in _jobs)
        {
            var runs = db.JobRuns.AsNoTracking().Where(r => r.Job == job);
            var lastSuccess = await runs.Where(r => r.Outcome == JobRunOutcomes.Succeeded).MaxAsync(r => r.FinishedAt, cancellationToken);
            var verdict = await runs.Where(r => JobRunOutcomes.Verdicts.Contains(r.Outcome))
                .OrderByDescending(r => r.Slot).FirstOrDefaultAsync(cancellationToken);
            var snapshot = new Snapshot(job, lastSuccess, verdict);
            _latest[job] = snapshot;
            snapshots.Add(snapshot);
        }

        return snapshots;
    }

    private IEnumerable<Measurement<long>> ObserveLastSuccess() =>
        _latest.Values.Where(s => s.LastSuccessAt is not null).Select(s => new Measurement<long>(
            new DateTimeOffset(DateTime.SpecifyKind(s.LastSuccessAt!.Value, DateTimeKind.Utc)).ToUnixTimeSeconds(),
            new KeyValuePair<string, object?>("job", s.Job)));
}
