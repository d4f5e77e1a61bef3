using System.Data.Common;
using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using BujjiCoder.Worker.Scheduling;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Retention;

/// <summary>
/// Deletes what nothing needs any more, each kind at its own configured age: file content that no file, revision or rules
/// text refers to (left behind by deleted workspaces), finished import jobs and their uploads, raw usage records the
/// roll-ups hold, audit events, dead refresh tokens, heartbeats of long-gone replicas and old job runs. Every kind goes in
/// batches of <see cref="RetentionOptions.BatchSize"/> rows, one statement and one commit each, so no table is locked for
/// long and the Api's writes go on between them. Safe beside the Api: a change that reuses old content locks it first (see
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

    /// <summary>One pass over every kind; returns the rows deleted per kind (the <c>kind</c> tag of the meter).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CollectAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);

        deleted["blob"] = await DeleteUnreferencedBlobsAsync(db, now - settings.UnreferencedBlobAge, cancellationToken);

        var jobCutoff = now - settings.ImportJobAge;
        // Unfinished jobs that old died with their replica and were never looked at again. Their chunks would go with them
        // (cascade), but a job's upload can be large: chunks first, in batches of their own.
        var oldJobs = db.ImportJobs.Where(j => (j.CompletedAt ?? j.CreatedAt) < jobCutoff);
        deleted["import-chunk"] = await DeleteInBatchesAsync(
            db.ImportUploadChunks.Where(c => oldJobs.Any(j => j.Id == c.JobId)).OrderBy(c => c.JobId).ThenBy(c => c.Index), cancellationToken);
        deleted["import-job"] = await DeleteInBatchesAsync(oldJobs.OrderBy(j => j.Id), cancellationToken);

        deleted["usage-record"] = await DeleteRolledUpUsageAsync(db, now, cancellationToken);

        var auditCutoff = now - settings.AuditEventAge;
        deleted["audit-event"] = await DeleteInBatchesAsync(db.AuditEvents.Where(e => e.At < auditCutoff).OrderBy(e => e.At), cancellationToken);

        // Expired (by either expiry) or revoked that long ago. Being consumed is no reason: until it expires, a consumed token
        // presented again is a replay that must still be recognised, and revoke its family.
        var tokenCutoff = now - settings.RefreshTokenAge;
        deleted["refresh-token"] = await DeleteInBatchesAsync(
            db.RefreshTokens.Where(t => t.ExpiresAt < tokenCutoff || t.FamilyExpiresAt < tokenCutoff || t.RevokedAt < tokenCutoff).OrderBy(t => t.Id),
            cancellationToken);

        var heartbeatCutoff = now - settings.HeartbeatAge;
        deleted["heartbeat"] = await DeleteInBatchesAsync(
            db.ServiceHeartbeats.Where(h => h.LastSeenAt < heartbeatCutoff).OrderBy(h => h.InstanceId), cancellationToken);

        // Each job keeps its latest run and its latest success, whatever their age: /admin/jobs and the last-success gauge read them.
        var runCutoff = now - settings.JobRunAge;
        deleted["job-run"] = await DeleteInBatchesAsync(
            db.JobRuns.Where(r => r.StartedAt < runCutoff
                    && db.JobRuns.Any(later => later.Job == r.Job && later.Slot > r.Slot)
                    && (r.Outcome != JobRunOutcomes.Succeeded
                        || db.JobRuns.Any(later => later.Job == r.Job && later.Slot > r.Slot && later.Outcome == JobRunOutcomes.Succeeded)))
                .OrderBy(r => r.Id),
            cancellationToken);

        foreach (var (kind, count) in deleted)
        {
            _deleted.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }

        if (deleted.Values.Any(count => count > 0))
        {
            LogCollected(logger, string.Join(", ", deleted.Where(pair => pair.Value > 0).Select(pair => $"{pair.Key}={pair.Value}")));
        }

        return deleted;
    }

    /// <summary>
    /// Raw usage records past their age, and only those the hourly roll-ups hold for good: before the roll-up cursor less the
    /// window in which the roll-up job may still recompute an hour from raw records. No cursor (roll-ups never ran): none.
    /// </summary>
    private async Task<int> DeleteRolledUpUsageAsync(BujjiDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var rolledUpTo = await db.UsageRollupCursors.Where(c => c.Period == UsageRollupPeriods.Hour)
            .Select(c => (DateTime?)c.RolledUpTo).SingleOrDefaultAsync(cancellationToken);
        if (rolledUpTo is not { } cursor)
        {
            return 0;
        }

        var byAge = now - options.Value.UsageRecordAge;
        var byRollup = cursor - options.Value.UsageRecomputeWindow;
        var cutoff = byAge < byRollup ? byAge : byRollup;
        return await DeleteInBatchesAsync(db.UsageRecords.Where(u => u.At < cutoff).OrderBy(u => u.At), cancellationToken);
    }

    /// <summary>Deletes <paramref name="rows"/> a batch (one statement, its own commit) at a time until none is left.</summary>
    private async Task<int> DeleteInBatchesAsync<T>(IOrderedQueryable<T> rows, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.BatchSize;
        var deleted = 0;
        while (true)
        {
            var batch = await rows.Take(batchSize).ExecuteDeleteAsync(cancellationToken);
            deleted += batch;
            if (batch < batchSize)
            {
                return deleted;
            }
        }
    }

    /// <summary>
    /// In batches, each its own statement: a blob a change has just locked for reuse makes its batch fail on the
    /// foreign keys (and stay), not the whole run.
    /// </summary>
    private async Task<int> DeleteUnreferencedBlobsAsync(BujjiDbContext db, DateTime cutoff, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.BatchSize;
        var deleted = 0;
        long after = 0;
        while (true)
        {
            var batch = await Unreferenced(db)
                .Where(b => b.Id > after && b.CreatedAt < cutoff)
                .OrderBy(b => b.Id).Select(b => b.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }

            after = batch[^1];
            try
            {
                // Asked again in the delete itself: a file may have started using one since the batch was chosen.
                deleted += await Unreferenced(db).Where(b => batch.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
            }
            catch (DbException exception)
            {
                LogBatchKept(logger, exception);
            }
        }
    }

    /// <summary>Content no file, revision or rules text refers to.</summary>
    private static IQueryable<FileBlob> Unreferenced(BujjiDbContext db) => db.FileBlobs.Where(b =>
        !db.WorkspaceFiles.Any(f => f.Hash == b.Hash)
        && !db.RevisionFiles.Any(r => r.BeforeHash == b.Hash || r.AfterHash == b.Hash)
        && !db.Workspaces.Any(w => w.RulesHash == b.Hash));

    [LoggerMessage(LogLevel.Information, "Retention kept a batch of blobs that a change started using meanwhile")]
    private static partial void LogBatchKept(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Information, "Retention deleted {Deleted}")]
    private static partial void LogCollected(ILogger logger, string deleted);
}
