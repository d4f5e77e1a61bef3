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
internal sealed class EmbeddedSemanticIndexingService(
    SemanticIndexingLoop loop, RuntimeInfrastructure infrastructure, IServiceScopeFactory scopes, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!infrastructure.IsEmbedded)
        {
            return;
        }

        // Off the start-up path: the Api goes on starting while the loop looks for work.
        await Task.Yield();
        await loop.RunAsync(NoWorkerBeatingAsync, stoppingToken);
    }

    private async Task<bool> NoWorkerBeatingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return !await ImportJobs.WorkerBeatingAsync(scope.ServiceProvider.GetRequiredService<BujjiDbContext>(), time, cancellationToken);
    }
}
