using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Semantic;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Worker.Indexing;

/// <summary>
/// Keeps the semantic index up to date while the <c>SemanticSearch</c> flag is on, and not while an import job is being
/// run. Every replica runs the loop: their indexers never store a blob twice (the second to finish drops its copy), but
/// they pick the same pending blobs, so replicas add safety, not speed.
/// </summary>
/// <remarks>
/// The model takes a core for as long as there is work, and an import of thousands of files gives it an hour of work
/// (docs/PERFORMANCE.md, "Semantic retrieval"): the import goes first, since a user waits for it and nobody waits for its
/// embeddings, and what it wrote is embedded once it is done. Only a job whose lease is live counts: a dead claimant's
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
