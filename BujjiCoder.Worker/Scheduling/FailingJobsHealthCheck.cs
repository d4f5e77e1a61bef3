using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BujjiCoder.Worker.Scheduling;

/// <summary>
/// Readiness says when a job this deployment runs is failing: its latest run that reached a verdict failed (or was
/// abandoned), naming the job and the error. Degraded, not Unhealthy: the replica itself works (it beats, claims slots, runs
/// other jobs), readiness failing would gain nothing — a Worker serves no traffic to take away, and a restart would not mend a
/// job that fails on its data or a destination — while a Worker stuck unready would stall deployments and the tools that wait
/// for it. Degraded still shows in the probe's body (<c>"jobs": "Degraded"</c>) and in the health metrics an alert reads.
/// Only this process's registered jobs count, so a test host on a shared database is not held back by another's job.
/// </summary>
internal sealed class FailingJobsHealthCheck(JobStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = (await status.RefreshAsync(cancellationToken)).Where(s => s.Failing).ToList();
        if (failing.Count == 0)
        {
            return HealthCheckResult.Healthy();
        }

        var data = failing.ToDictionary(s => s.Job, s => (object)$"{s.LatestVerdict!.Outcome} at {s.LatestVerdict.FinishedAt:O}: {s.LatestVerdict.Error}");
        return HealthCheckResult.Degraded(
            $"failing: {string.Join("; ", failing.Select(s => $"{s.Job} ({s.LatestVerdict!.Outcome}: {s.LatestVerdict.Error})"))}", data: data);
    }
}
