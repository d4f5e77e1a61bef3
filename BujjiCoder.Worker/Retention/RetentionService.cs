using System.Data.Common;
using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using BujjiCoder.Worker.Scheduling;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Retention;

/// <summary>
/// Deletes what nothing needs any more: file content that no file, revision or rules text refers to (left
/// behind by deleted workspaces), and finished import jobs past their keeping time. Each run is one
/// statement per kind, safe beside the Api: a change that reuses old content locks it first (see
/// WorkspaceChange), and foreign keys refuse to delete anything still referred to.
/// </summary>
internal sealed partial class RetentionService(
    IServiceScopeFactory scopes, IOptions<RetentionOptions> options, IMeterFactory meterFactory, TimeProvider time, ILogger<RetentionService> logger)
    : IScheduledJob
{
    private readonly Counter<long> _deleted = meterFactory.Create(Heartbeat.HeartbeatService.MeterName).CreateCounter<long>(
        "bujji.worker.retention.deleted", unit: "{row}", description: "Rows deleted by retention, by kind.");

    public string Name => "retention";

    public TimeSpan Interval => options.Value.Interval;

    public Task RunAsync(CancellationToken cancellationToken) => CollectAsync(cancellationToken);

    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var now = time.GetUtcNow().UtcDateTime;

        var blobs = await DeleteUnreferencedBlobsAsync(db, now - options.Value.UnreferencedBlobAge, cancellationToken);

        var jobCutoff = now - options.Value.ImportJobAge;
        // Unfinished jobs that old died with their replica and were never looked at again.
        var jobs = await db.ImportJobs.Where(j => (j.CompletedAt ?? j.CreatedAt) < jobCutoff).ExecuteDeleteAsync(cancellationToken);

        _deleted.Add(blobs, new KeyValuePair<string, object?>("kind", "blob"));
        _deleted.Add(jobs, new KeyValuePair<string, object?>("kind", "import-job"));
        if (blobs + jobs > 0)
        {
            LogCollected(logger, blobs, jobs);
        }
    }

    /// <summary>
    /// In batches, each its own statement: a blob a change has just locked for reuse makes its batch fail on the
    /// foreign keys (and stay), not the whole run.
    /// </summary>
    private async Task<int> DeleteUnreferencedBlobsAsync(BujjiDbContext db, DateTime cutoff, CancellationToken cancellationToken)
    {
        const int BatchSize = 500;
        var deleted = 0;
        long after = 0;
        while (true)
        {
            var batch = await db.FileBlobs
                .Where(b => b.Id > after && b.CreatedAt < cutoff
                    && !db.WorkspaceFiles.Any(f => f.Hash == b.Hash)
                    && !db.RevisionFiles.Any(r => r.BeforeHash == b.Hash || r.AfterHash == b.Hash)
                    && !db.Workspaces.Any(w => w.RulesHash == b.Hash))
                .OrderBy(b => b.Id).Select(b => b.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }

            after = batch[^1];
            try
            {
                deleted += await db.FileBlobs
                    .Where(b => batch.Contains(b.Id)
                        && !db.WorkspaceFiles.Any(f => f.Hash == b.Hash)
                        && !db.RevisionFiles.Any(r => r.BeforeHash == b.Hash || r.AfterHash == b.Hash)
                        && !db.Workspaces.Any(w => w.RulesHash == b.Hash))
                    .ExecuteDeleteAsync(cancellationToken);
            }
            catch (DbException exception)
            {
                LogBatchKept(logger, exception);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Retention kept a batch of blobs that a change started using meanwhile")]
    private static partial void LogBatchKept(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Information, "Retention deleted {Blobs} unreferenced blob(s) and {Jobs} finished import job(s)")]
    private static partial void LogCollected(ILogger logger, int blobs, int jobs);
}
