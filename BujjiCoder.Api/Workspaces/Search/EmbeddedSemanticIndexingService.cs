using BujjiCoder.Api.Workspaces.Import;
using BujjiCoder.Data;
using BujjiCoder.ServiceDefaults.Infrastructure;
using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.Api.Workspaces.Search;

/// <summary>
/// Runs <see cref="SemanticIndexingLoop"/> in an embedded Api, pass by pass only while no Worker has beaten within
/// <see cref="ImportJobs.WorkerSeenWithin"/> (the same rule that decides who runs a large import): a Worker that starts
/// beside it (the AppHost's embedded mode runs one on the same SQLite file) takes over at the Api's next pass.
/// </summary>
/// <remarks>
/// It also pauses while this Api imports an upload itself (<see cref="ImportsInProgress"/>): the import goes first, as a Worker's
/// indexer leaves the cores to a leased import job, and what it wrote is embedded once it is done. The loop asks before
/// every pass and every poll interval during one, so a pass already running when an import starts stops within a poll
/// interval, leaving what it had not stored pending; once the last import ends, indexing resumes at the next poll.
/// </remarks>
internal sealed class EmbeddedSemanticIndexingService(
    SemanticIndexingLoop loop, ImportsInProgress imports, RuntimeInfrastructure infrastructure, IServiceScopeFactory scopes, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!infrastructure.IsEmbedded)
        {
            return;
        }

        // Off the start-up path: the Api goes on starting while the loop looks for work.
        await Task.Yield();
        await loop.RunAsync(MayIndexAsync, stoppingToken);
    }

    private async Task<bool> MayIndexAsync(CancellationToken cancellationToken)
    {
        if (imports.Any)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        return !await ImportJobs.WorkerBeatingAsync(scope.ServiceProvider.GetRequiredService<BujjiDbContext>(), time, cancellationToken);
    }
}
