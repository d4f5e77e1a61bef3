using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.Worker.Indexing;

/// <summary>
/// Keeps the semantic index up to date: every replica runs the loop (their indexers do not collide: a blob one has
/// stored, another skips), while the <c>SemanticSearch</c> flag is on.
/// </summary>
internal sealed class SemanticIndexingService(SemanticIndexingLoop loop) : BackgroundService
{
    private static readonly Func<CancellationToken, Task<bool>> Always = _ => Task.FromResult(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the host goes on starting while the loop looks for work.
        await Task.Yield();
        await loop.RunAsync(Always, stoppingToken);
    }
}
