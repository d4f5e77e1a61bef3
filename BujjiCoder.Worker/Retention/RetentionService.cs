using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
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
    : BackgroundService
{
    private readonly Counter<long> _deleted = meterFactory.Create(Heartbeat.HeartbeatService.MeterName).CreateCounter<long>(
        "bujji.worker.retention.deleted", unit: "{row}", description: "Rows deleted by retention, by kind.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await CollectAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRunFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var now = time.GetUtcNow().UtcDateTime;

        var blobCutoff = now - options.Value.UnreferencedBlobAge;
        var blobs = await db.FileBlobs
            .Where(b => b.CreatedAt < blobCutoff
                && !db.WorkspaceFiles.Any(f => f.Hash == b.Hash)
                && !db.RevisionFiles.Any(r => r.BeforeHash == b.Hash || r.AfterHash == b.Hash)
                && !db.Workspaces.Any(w => w.RulesHash == b.Hash))
            .ExecuteDeleteAsync(cancellationToken);

        var jobCutoff = now - options.Value.ImportJobAge;
        var jobs = await db.ImportJobs.Where(j => j.CompletedAt != null && j.CompletedAt < jobCutoff).ExecuteDeleteAsync(cancellationToken);

        _deleted.Add(blobs, new KeyValuePair<string, object?>("kind", "blob"));
        _deleted.Add(jobs, new KeyValuePair<string, object?>("kind", "import-job"));
        if (blobs + jobs > 0)
        {
            LogCollected(logger, blobs, jobs);
        }
    }

    [LoggerMessage(LogLevel.Information, "Retention deleted {Blobs} unreferenced blob(s) and {Jobs} finished import job(s)")]
    private static partial void LogCollected(ILogger logger, int blobs, int jobs);

    [LoggerMessage(LogLevel.Warning, "Retention run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
