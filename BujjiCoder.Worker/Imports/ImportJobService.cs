using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Import;
using BujjiCoder.Workspaces.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Imports;

/// <summary>
/// Claims import jobs one at a time and runs them: the stored upload is written back to a temporary file and imported
/// through the library, exactly as the Api imports a small upload. While it works this replica renews its lease and
/// reports progress in the job's row; the outcome is recorded in the transaction that writes the files, only if the
/// job is still this replica's, so a job lands exactly once however many replicas tried it. Stopping hands the job back.
/// </summary>
internal sealed partial class ImportJobService(
    IServiceScopeFactory scopes, IOptions<ImportJobOptions> options, TimeProvider time, ImportMetrics metrics, ILogger<ImportJobService> logger)
    : BackgroundService
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>Imports at least this large refresh the planner's statistics of the tables they grew.</summary>
    private const int AnalyzeAfterFiles = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                // One job after another while there are any, then wait for the next tick.
                while (await RunNextAsync(stoppingToken))
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Claims a job and runs it; false when there was none to claim.</summary>
    private async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        ImportJob? job;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var leases = scope.ServiceProvider.GetRequiredService<ImportJobLeases>();
            job = await leases.ClaimAsync(stoppingToken);
            if (job is null)
            {
                return false;
            }

            LogClaimed(logger, job.Id, job.Attempts, leases.Claimant);
            if (job.Attempts > options.Value.MaxAttempts)
            {
                // Every replica that took it died on it: it would take the next one down too.
                LogGaveUp(logger, job.Id, options.Value.MaxAttempts);
                var stopped = ImportFailure.Interrupted($"The servers running the import stopped {options.Value.MaxAttempts} times before it finished.");
                await leases.FailAsync(job, stopped, CancellationToken.None);
                metrics.Record(ImportMetrics.Job, ImportMetrics.Failed);
                return true;
            }
        }

        await RunAsync(job, stoppingToken);
        return true;
    }

    /// <summary>Runs a job this replica has claimed, to its end, to the loss of its lease, or until this replica stops.</summary>
    internal async Task RunAsync(ImportJob job, CancellationToken stoppingToken)
    {
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var stopKeeping = new CancellationTokenSource();
        var keeping = KeepLeaseAsync(job.Id, lease, stopKeeping.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var leases = scope.ServiceProvider.GetRequiredService<ImportJobLeases>();
            var reportsDuringWrite = scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.IsNpgsql();
            await using var archive = new FileStream(
                TemporaryUploads.NewPath(), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            var stored = await scope.ServiceProvider.GetRequiredService<ImportUploads>().CopyToAsync(job.Id, archive, lease.Token);
            if (stored != job.BytesTotal)
            {
                throw new InvalidDataException($"Import job {job.Id} has {stored} bytes of its {job.BytesTotal}-byte upload stored.");
            }

            var recorded = false;
            var summary = await scope.ServiceProvider.GetRequiredService<WorkspaceImporter>().ImportAsync(
                job.WorkspaceId, job.CreatedBy, archive, job.UploadName, job.RespectGitignore, job.Message, Progress(job, reportsDuringWrite), lease.Token,
                completing: async (summary, cancellation) =>
                {
                    await leases.SucceedInTransactionAsync(job, summary, cancellation);
                    recorded = true;
                });
            if (!recorded && !await leases.SucceedAsync(job, summary, CancellationToken.None))
            {
                throw new ImportLeaseLostException(job.Id);
            }

            metrics.Record(ImportMetrics.Job, ImportMetrics.Succeeded);
            LogImported(logger, job.Id, summary.Imported);
            if (reportsDuringWrite && summary.Imported >= AnalyzeAfterFiles)
            {
                await AnalyzeAsync(job.Id);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, not failing: another replica can take the job at once rather than when the lease lapses.
            await WithLeasesAsync(leases => leases.ReleaseAsync(job.Id, CancellationToken.None));
            LogReleased(logger, job.Id);
        }
        catch (Exception lost) when (lost is ImportLeaseLostException || (lost is OperationCanceledException && lease.IsCancellationRequested))
        {
            // Another replica has the job (this one was too slow to renew), or it was deleted: nothing of this attempt stays.
            LogLeaseLost(logger, job.Id);
        }
        catch (Exception failure)
        {
            // Refusals are the uploader's business (the scanner logs its own); anything else is worth a warning.
            var rejected = failure is ArchiveRejectedException or WorkspaceChangeException or UploadRefusedException;
            if (!rejected)
            {
                LogImportFailed(logger, failure, job.Id);
            }

            metrics.Record(ImportMetrics.Job, rejected ? ImportMetrics.Rejected : ImportMetrics.Failed);

            await WithLeasesAsync(leases => leases.FailAsync(job, ImportFailure.From(failure), CancellationToken.None));
        }
        finally
        {
            await stopKeeping.CancelAsync();
            await keeping;
        }
    }

    /// <summary>Renews the lease until the run ends; when the job turns out to be someone else's, cancels the run.</summary>
    private async Task KeepLeaseAsync(Guid jobId, CancellationTokenSource lease, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.RenewEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (!await scope.ServiceProvider.GetRequiredService<ImportJobLeases>().RenewAsync(jobId, stop))
                    {
                        await lease.CancelAsync();
                        return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Tried again at the next tick. Should the lease lapse meanwhile, the import's commit is refused.
                    LogRenewFailed(logger, exception, jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the run has ended
        }
    }

    /// <summary>
    /// Progress in the job's row, at most every second, from a scope (a connection) of its own, outside the import's
    /// transaction, and best effort. SQLite has one writer: while the import's transaction holds it, progress would only wait.
    /// </summary>
    private SynchronousProgress<(long BytesRead, int Files)> Progress(ImportJob job, bool reportsDuringWrite)
    {
        var lastReport = time.GetTimestamp();
        return new SynchronousProgress<(long BytesRead, int Files)>(step =>
        {
            if ((step.Files == 0 || reportsDuringWrite) && time.GetElapsedTime(lastReport) >= ProgressInterval)
            {
                lastReport = time.GetTimestamp();
                WithLeasesAsync(leases => leases.ReportAsync(job, step.BytesRead, step.Files, CancellationToken.None)).GetAwaiter().GetResult();
            }
        });
    }

    /// <summary>
    /// Right after a large import the planner still thinks the file tables as small as before it (autovacuum analyzes
    /// them within a minute or so): searches meanwhile got nested loops over every file row (EXPLAIN ANALYZE, 10,000
    /// files: a symbol query 167 ms, 75 ms once analyzed). Best effort, after the job is recorded as done: a user
    /// who does not own the tables gets a warning from PostgreSQL, not an error.
    /// </summary>
    private async Task AnalyzeAsync(Guid jobId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database
                .ExecuteSqlRawAsync("ANALYZE workspace_files, file_blobs, blob_symbols", CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogAnalyzeFailed(logger, exception, jobId);
        }
    }

    /// <summary>Writes about the job from a scope of its own; a write that fails is logged, never allowed to stop the replica.</summary>
    private async Task WithLeasesAsync(Func<ImportJobLeases, Task> write)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await write(scope.ServiceProvider.GetRequiredService<ImportJobLeases>());
        }
        catch (Exception exception)
        {
            LogStatusFailed(logger, exception);
        }
    }

    [LoggerMessage(LogLevel.Information, "Import job {JobId} claimed (attempt {Attempt}) by {Claimant}")]
    private static partial void LogClaimed(ILogger logger, Guid jobId, int attempt, string claimant);

    [LoggerMessage(LogLevel.Information, "Import job {JobId} imported {Files} file(s)")]
    private static partial void LogImported(ILogger logger, Guid jobId, int files);

    [LoggerMessage(LogLevel.Information, "Import job {JobId} handed back on shutdown, for another replica to take over")]
    private static partial void LogReleased(ILogger logger, Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Import job {JobId} is no longer this replica's (its lease lapsed and another took it, or it was deleted); this attempt is dropped")]
    private static partial void LogLeaseLost(ILogger logger, Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Import job {JobId} failed after {MaxAttempts} replicas stopped while running it")]
    private static partial void LogGaveUp(ILogger logger, Guid jobId, int maxAttempts);

    [LoggerMessage(LogLevel.Warning, "Import job {JobId} failed")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Could not renew the lease on import job {JobId}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Could not record the state of an import job")]
    private static partial void LogStatusFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not refresh the file tables' statistics after import job {JobId}")]
    private static partial void LogAnalyzeFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Could not claim an import job")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);
}
