using BujjiCoder.Api.Auth;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Admin;

/// <summary>
/// <c>GET /admin/jobs</c> (permission admin.jobs): what the Worker's replicas recorded — each job's schedule, latest run,
/// last success and whether it is failing, and the latest backups with their verification. Read from the database only, so it
/// answers with every Worker down (and then shows the jobs overdue).
/// </summary>
internal static class JobEndpoints
{
    /// <summary>The newest backups shown; older ones are history, not what an operator acts on.</summary>
    private const int BackupCount = 20;

    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/admin/jobs", ListAsync).WithTags("Administration").RequireAuthorization(Permissions.AdminJobs);
        return api;
    }

    private static async Task<Ok<JobsResponse>> ListAsync([FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var names = await db.JobRuns.Select(r => r.Job).Distinct().OrderBy(name => name).ToListAsync(cancellationToken);
        var jobs = new List<JobResponse>(names.Count);
        foreach (var name in names)
        {
            // A handful of jobs, each read through the (Job, Slot) index.
            var runs = db.JobRuns.AsNoTracking().Where(r => r.Job == name).OrderByDescending(r => r.Slot);
            var latestSlot = await runs.FirstAsync(cancellationToken);
            var lastRun = await runs.FirstOrDefaultAsync(r => r.Outcome != JobRunOutcomes.Skipped, cancellationToken);
            var lastSuccess = await runs.Where(r => r.Outcome == JobRunOutcomes.Succeeded).MaxAsync(r => r.FinishedAt, cancellationToken);
            var verdict = await runs.Where(r => JobRunOutcomes.Verdicts.Contains(r.Outcome)).Select(r => r.Outcome).FirstOrDefaultAsync(cancellationToken);
            jobs.Add(new JobResponse(
                name, latestSlot.Interval.TotalSeconds, lastRun is null ? null : ToResponse(lastRun), lastSuccess, latestSlot.Slot + latestSlot.Interval,
                Failing: JobRunOutcomes.IsFailing(verdict)));
        }

        var backups = await db.DatabaseBackups.AsNoTracking().Where(b => b.PrunedAt == null)
            .OrderByDescending(b => b.CreatedAt).Take(BackupCount).ToListAsync(cancellationToken);
        return TypedResults.Ok(new JobsResponse(jobs, [.. backups.Select(ToResponse)]));
    }

    private static JobRunResponse ToResponse(JobRun run) => new(
        run.Slot, run.StartedAt, run.FinishedAt, run.FinishedAt is { } finished ? (long)(finished - run.StartedAt).TotalMilliseconds : null,
        run.Outcome, run.Error, run.Replica);

    private static BackupResponse ToResponse(DatabaseBackup backup) => new(
        backup.Id, backup.Provider, backup.CreatedAt, backup.Destinations.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        backup.SizeBytes, backup.Encrypted, backup.Tables, backup.Rows, backup.DurationMs, backup.Verification, backup.VerifiedAt, backup.VerifyDurationMs,
        backup.VerificationError);
}
