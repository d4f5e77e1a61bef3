using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>
/// Runs queued imports one at a time and keeps their rows current, so any replica can report progress.
/// Progress is written from its own scope (its own connection), outside the import's transaction.
/// </summary>
internal sealed partial class ImportJobRunner(
    ImportJobQueue queue, IServiceScopeFactory scopes, TimeProvider time, IOptions<JsonOptions> json, ILogger<ImportJobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var import in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(import, stoppingToken);
            }
            finally
            {
                queue.Finished(import.JobId);
                File.Delete(import.ArchivePath);
            }
        }
    }

    private async Task RunAsync(QueuedImport import, CancellationToken stoppingToken)
    {
        await UpdateAsync(import.JobId, job => job.Status = ImportJobStatus.Running, CancellationToken.None);
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
                UpdateAsync(import.JobId, job =>
                {
                    job.BytesRead = Math.Max(job.BytesRead, Math.Min(step.BytesRead, job.BytesTotal));
                    job.FilesWritten = Math.Max(job.FilesWritten, step.Files);
                }, stoppingToken).GetAwaiter().GetResult();
            }
        });

        try
        {
            await using var archive = File.OpenRead(import.ArchivePath);
            var summary = await importer.ImportAsync(import.WorkspaceId, import.UserId, archive, import.RespectGitignore, import.Message, progress, stoppingToken);
            await UpdateAsync(import.JobId, job =>
            {
                job.Status = ImportJobStatus.Succeeded;
                job.BytesRead = job.BytesTotal;
                job.FilesWritten = summary.Imported;
                job.ResultJson = JsonSerializer.Serialize(summary, json.Value.SerializerOptions);
            }, CancellationToken.None);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || stoppingToken.IsCancellationRequested)
        {
            LogImportFailed(logger, failure, import.JobId);
            var problem = failure is OperationCanceledException
                ? ImportFailure.From(new InvalidOperationException("The server stopped during the import."))
                : ImportFailure.From(failure);
            await UpdateAsync(import.JobId, job =>
            {
                job.Status = ImportJobStatus.Failed;
                job.ResultJson = JsonSerializer.Serialize(problem, json.Value.SerializerOptions);
            }, CancellationToken.None);
        }
    }

    private async Task UpdateAsync(Guid jobId, Action<ImportJob> update, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
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

        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {JobId} failed")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, Guid jobId);
}
