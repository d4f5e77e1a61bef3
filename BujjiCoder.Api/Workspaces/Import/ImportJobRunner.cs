using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>
/// Runs queued imports one at a time and keeps their rows current, so any replica can report progress.
/// Status is written from its own scope (its own connection), outside the import's transaction, and is
/// best effort: a status write that fails is logged, never allowed to stop the runner (or the host).
/// </summary>
internal sealed partial class ImportJobRunner(
    ImportJobQueue queue, IServiceScopeFactory scopes, TimeProvider time, IOptions<JsonOptions> json, ILogger<ImportJobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ImportJobQueue.DeleteAbandonedUploads(time);
        var keepAlive = KeepAliveAsync(stoppingToken);
        try
        {
            await foreach (var import in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await RunAsync(import, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogImportFailed(logger, exception, import.JobId);
                }
                finally
                {
                    queue.Finished(import.JobId);
                    File.Delete(import.ArchivePath);
                }
            }
        }
        finally
        {
            // Jobs still waiting die with this replica; their uploads need not outlive it.
            while (queue.Reader.TryRead(out var abandoned))
            {
                File.Delete(abandoned.ArchivePath);
                await TryUpdateAsync(abandoned.JobId, job => Fail(job, ImportFailure.Interrupted("The server stopped before the import started.")));
            }

            await keepAlive;
        }
    }

    /// <summary>
    /// Touches the rows of this replica's jobs, waiting or running, so other replicas do not take them for dead
    /// (see the import status endpoint). Not on SQLite: one process, which knows its own jobs, and one writer.
    /// </summary>
    private async Task KeepAliveAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(KeepAliveInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
                var mine = queue.ActiveJobs;
                if (mine.Count == 0 || !db.Database.IsNpgsql())
                {
                    continue;
                }

                try
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    await db.ImportJobs.Where(j => mine.Contains(j.Id) && j.CompletedAt == null)
                        .ExecuteUpdateAsync(set => set.SetProperty(j => j.UpdatedAt, now), stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogStatusFailed(logger, exception, mine[0]);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task RunAsync(QueuedImport import, CancellationToken stoppingToken)
    {
        await TryUpdateAsync(import.JobId, job => job.Status = ImportJobStatus.Running);
        using var scope = scopes.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<WorkspaceImporter>();
        var reportsDuringWrite = scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.IsNpgsql();
        var lastReport = time.GetTimestamp();
        var progress = new SynchronousProgress<(long BytesRead, int Files)>(step =>
        {
            // SQLite has one writer: while the import's transaction holds it, progress would only wait for it.
            if ((step.Files == 0 || reportsDuringWrite) && time.GetElapsedTime(lastReport) >= ProgressInterval)
            {
                lastReport = time.GetTimestamp();
                TryUpdateAsync(import.JobId, job =>
                {
                    job.BytesRead = Math.Max(job.BytesRead, Math.Min(step.BytesRead, job.BytesTotal));
                    job.FilesWritten = Math.Max(job.FilesWritten, step.Files);
                }).GetAwaiter().GetResult();
            }
        });

        try
        {
            await using var archive = File.OpenRead(import.ArchivePath);
            var summary = await importer.ImportAsync(
                import.WorkspaceId, import.UserId, archive, import.UploadName, import.RespectGitignore, import.Message, progress, stoppingToken);
            await TryUpdateAsync(import.JobId, job =>
            {
                job.Status = ImportJobStatus.Succeeded;
                job.BytesRead = job.BytesTotal;
                job.FilesWritten = summary.Imported;
                job.ResultJson = JsonSerializer.Serialize(summary, json.Value.SerializerOptions);
            });
        }
        catch (Exception failure) when (failure is not OperationCanceledException || stoppingToken.IsCancellationRequested)
        {
            // Refusals are the uploader's business (the scanner logs its own); anything else is worth a warning.
            if (failure is not (ArchiveRejectedException or WorkspaceChangeException or Uploads.UploadRefusedException))
            {
                LogImportFailed(logger, failure, import.JobId);
            }

            var problem = failure is OperationCanceledException ? ImportFailure.Interrupted("The server stopped during the import.") : ImportFailure.From(failure);
            await TryUpdateAsync(import.JobId, job => Fail(job, problem));
        }
    }

    private void Fail(ImportJob job, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        job.Status = ImportJobStatus.Failed;
        job.ResultJson = JsonSerializer.Serialize(problem, json.Value.SerializerOptions);
    }

    private async Task TryUpdateAsync(Guid jobId, Action<ImportJob> update)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId);
            if (job is null)
            {
                return; // the workspace, and its jobs with it, was deleted meanwhile
            }

            update(job);
            job.UpdatedAt = time.GetUtcNow().UtcDateTime;
            if (job.Status is ImportJobStatus.Succeeded or ImportJobStatus.Failed)
            {
                job.CompletedAt = job.UpdatedAt;
            }

            await db.SaveChangesAsync();
        }
        catch (Exception exception)
        {
            LogStatusFailed(logger, exception, jobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {JobId} failed")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the status of import job {JobId}")]
    private static partial void LogStatusFailed(ILogger logger, Exception exception, Guid jobId);
}
