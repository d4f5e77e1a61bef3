using System.Linq.Expressions;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Worker.Heartbeat;
using BujjiCoder.Workspaces.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Imports;

/// <summary>
/// The lease this replica holds on an import job while it runs it. A claim takes a queued job, or a running one whose
/// lease lapsed (its claimant died), and sets <see cref="ImportJob.ClaimedBy"/> to this replica, a fresh
/// <see cref="ImportJob.LeaseExpiresAt"/> and one more <see cref="ImportJob.Attempts"/>. Every later write about the job
/// is conditional on it still being this replica's and running, so a replica that lost its lease changes nothing.
/// </summary>
internal sealed class ImportJobLeases(BujjiDbContext db, ImportUploads uploads, HeartbeatState replica, IOptions<ImportJobOptions> options, TimeProvider time)
{
    public string Claimant => replica.InstanceId;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Claims the oldest job nobody holds; null when there is none.</summary>
    public async Task<ImportJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + options.Value.LeaseDuration;
        var (queued, running) = (nameof(ImportJobStatus.Queued), nameof(ImportJobStatus.Running));
        if (db.Database.IsNpgsql())
        {
            // Replicas claiming at once each lock a different row: SKIP LOCKED passes over the one another is taking,
            // and the row lock re-checks the condition against a claim that committed after this statement began.
            var claimed = await db.ImportJobs.FromSql($"""
                UPDATE import_jobs
                SET "Status" = {running}, "ClaimedBy" = {Claimant}, "LeaseExpiresAt" = {until}, "Attempts" = "Attempts" + 1,
                    "BytesRead" = 0, "FilesWritten" = 0, "UpdatedAt" = {now}
                WHERE "Id" = (
                    SELECT "Id" FROM import_jobs
                    WHERE "Status" = {queued} OR ("Status" = {running} AND "LeaseExpiresAt" < {now})
                    ORDER BY "CreatedAt"
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """).AsNoTracking().ToListAsync(cancellationToken);
            return claimed.SingleOrDefault();
        }

        // SQLite has one writer, so a conditional UPDATE is the claim: it takes the job only if it is still claimable.
        while (await db.ImportJobs.Where(Claimable(now)).OrderBy(j => j.CreatedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken) is { } id)
        {
            var taken = await db.ImportJobs.Where(j => j.Id == id).Where(Claimable(now)).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, ImportJobStatus.Running).SetProperty(j => j.ClaimedBy, Claimant).SetProperty(j => j.LeaseExpiresAt, until)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1).SetProperty(j => j.BytesRead, 0).SetProperty(j => j.FilesWritten, 0)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
            if (taken == 1)
            {
                return await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>Pushes the lease on; false when the job is no longer this replica's.</summary>
    public async Task<bool> RenewAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + options.Value.LeaseDuration;
        return await Mine(jobId).ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseExpiresAt, until).SetProperty(j => j.UpdatedAt, now), cancellationToken) == 1;
    }

    /// <summary>Progress, never backwards within an attempt (the second pass reads the archive from its start again).</summary>
    public Task ReportAsync(ImportJob job, long bytesRead, int files, CancellationToken cancellationToken)
    {
        var read = Math.Min(bytesRead, job.BytesTotal);
        var now = Now;
        return Mine(job.Id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.BytesRead, j => j.BytesRead > read ? j.BytesRead : read)
            .SetProperty(j => j.FilesWritten, j => j.FilesWritten > files ? j.FilesWritten : files)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    /// <summary>
    /// Hands the job back (this replica is stopping): queued again, for another replica to claim at once. The
    /// attempt is not counted, since the import did not kill anything.
    /// </summary>
    public Task ReleaseAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = Now;
        return Mine(jobId).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, ImportJobStatus.Queued).SetProperty(j => j.ClaimedBy, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.Attempts, j => j.Attempts - 1).SetProperty(j => j.BytesRead, 0).SetProperty(j => j.FilesWritten, 0)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    /// <summary>
    /// Records the import's summary in the transaction that writes its files (see
    /// <see cref="WorkspaceImporter.ImportAsync"/>): both commit, or, when the job is no longer this replica's, neither.
    /// </summary>
    /// <exception cref="ImportLeaseLostException">The job is no longer this replica's; the transaction must roll back.</exception>
    public async Task SucceedInTransactionAsync(ImportJob job, ImportSummary summary, CancellationToken cancellationToken)
    {
        if (!await FinishAsync(job, ImportJobStatus.Succeeded, ImportJobResults.Write(summary), summary.Imported, cancellationToken))
        {
            throw new ImportLeaseLostException(job.Id);
        }
    }

    /// <summary>An import that wrote nothing (it changed nothing); false when the job is no longer this replica's.</summary>
    public Task<bool> SucceedAsync(ImportJob job, ImportSummary summary, CancellationToken cancellationToken) =>
        InTransactionAsync(cancellation => FinishAsync(job, ImportJobStatus.Succeeded, ImportJobResults.Write(summary), summary.Imported, cancellation), cancellationToken);

    /// <summary>Records why the import failed; false when the job is no longer this replica's.</summary>
    public Task<bool> FailAsync(ImportJob job, ImportProblem problem, CancellationToken cancellationToken) =>
        InTransactionAsync(cancellation => FinishAsync(job, ImportJobStatus.Failed, ImportJobResults.Write(problem), filesWritten: null, cancellation), cancellationToken);

    /// <summary>The job's outcome, and its upload deleted, in the current transaction.</summary>
    private async Task<bool> FinishAsync(ImportJob job, ImportJobStatus status, string result, int? filesWritten, CancellationToken cancellationToken)
    {
        var now = Now;
        var succeeded = status == ImportJobStatus.Succeeded;
        var finished = await Mine(job.Id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, status).SetProperty(j => j.ResultJson, result).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.BytesRead, j => succeeded ? j.BytesTotal : j.BytesRead)
            .SetProperty(j => j.FilesWritten, j => filesWritten ?? j.FilesWritten)
            .SetProperty(j => j.UpdatedAt, now).SetProperty(j => j.CompletedAt, now), cancellationToken);
        if (finished == 0)
        {
            return false;
        }

        await uploads.DeleteAsync(job.Id, cancellationToken);
        return true;
    }

    private Task<bool> InTransactionAsync(Func<CancellationToken, Task<bool>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async cancellation =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            if (!await work(cancellation))
            {
                return false;
            }

            await transaction.CommitAsync(cancellation);
            return true;
        }, cancellationToken);
    }

    /// <summary>The job, while it is this replica's and running.</summary>
    private IQueryable<ImportJob> Mine(Guid jobId) =>
        db.ImportJobs.Where(j => j.Id == jobId && j.ClaimedBy == Claimant && j.Status == ImportJobStatus.Running);

    private static Expression<Func<ImportJob, bool>> Claimable(DateTime now) =>
        j => j.Status == ImportJobStatus.Queued || (j.Status == ImportJobStatus.Running && j.LeaseExpiresAt < now);
}
