using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Semantic;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Worker.Indexing;

/// <summary>
/// Keeps the semantic index up to date while the <c>SemanticSearch</c> flag is on, and not while an import job is being
/// run. Every replica runs the loop: on PostgreSQL their indexers lock the pending blobs they embed and skip those another
/// holds (<c>PendingBlobLocks</c>), so replicas split the backlog, and none ever stores a blob twice.
/// </summary>
/// <remarks>
/// The model takes a core for as long as there is work, and an import of thousands of files gives it an hour of work
/// (docs/PERFORMANCE.md, "Semantic retrieval"): the import goes first, since a user waits for it and nobody waits for its
/// embeddings, and what it wrote is embedded once it is done. A pass already running when a job takes its lease stops
/// within a poll interval (<see cref="SemanticIndexingLoop"/>). Only a job whose lease is live counts: a dead claimant's
/// job does not hold indexing up for longer than its lease.
/// </remarks>
internal sealed class SemanticIndexingService(SemanticIndexingLoop loop, IServiceScopeFactory scopes, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the host goes on starting while the loop looks for work.
        await Task.Yield();
        await loop.RunAsync(NoImportRunningAsync, stoppingToken);
    }

    private async Task<bool> NoImportRunningAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow().UtcDateTime;
        return !await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ImportJobs
            .AnyAsync(j => j.Status == ImportJobStatus.Running && j.LeaseExpiresAt > now, cancellationToken);
    }
}
