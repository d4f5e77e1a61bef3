using Microsoft.FeatureManagement;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// The indexer's polling loop, the same in the Worker and in an embedded Api: while the <c>SemanticSearch</c> flag is
/// on and the host's own condition holds (no import is running; in the Api, no Worker either), it indexes a batch of
/// pending blobs after another, waits <see cref="SemanticIndexingOptions.PollInterval"/> once none is left, and prunes every
/// <see cref="SemanticIndexingOptions.PruneInterval"/>. It only reads what changes committed: nothing that writes a file
/// ever waits for it. A failure is logged and the loop carries on at the next tick; it never stops its host.
/// </summary>
public sealed partial class SemanticIndexingLoop(
    IServiceScopeFactory scopes, IFeatureManager features, IOptions<SemanticIndexingOptions> options, SemanticIndexMetrics metrics, TimeProvider time,
    ILogger<SemanticIndexingLoop> logger)
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <param name="mayRun">Asked before every pass: false leaves the work to someone else for now.</param>
    public async Task RunAsync(Func<CancellationToken, Task<bool>> mayRun, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        long? prunedAt = null;
        using var timer = new PeriodicTimer(settings.PollInterval, time);
        do
        {
            try
            {
                if (prunedAt is null || time.GetElapsedTime(prunedAt.Value) >= settings.PruneInterval)
                {
                    if (await MayRunAsync(mayRun, stoppingToken))
                    {
                        await WithIndexerAsync(indexer => indexer.PruneAsync(settings.PruneBatchSize, stoppingToken));
                        prunedAt = time.GetTimestamp();
                    }
                }

                // Pass after pass while there is work, asking again each time: the flag may go off, or a Worker start.
                while (await MayRunAsync(mayRun, stoppingToken)
                    && await WithIndexerAsync(indexer => indexer.IndexPendingAsync(settings.BatchSize, stoppingToken)) > 0)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, exception, settings.PollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> MayRunAsync(Func<CancellationToken, Task<bool>> mayRun, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return false;
        }

        if (await features.IsEnabledAsync(SemanticSearchFeature.Flag) && await mayRun(stoppingToken))
        {
            return true;
        }

        // Nothing waits for this process now: a pending count left from before would look like a stalled indexer.
        metrics.Pending(0);
        return false;
    }

    /// <summary>Each pass in a scope of its own: a fresh DbContext, so nothing tracked or cached outlives a pass.</summary>
    private async Task<int> WithIndexerAsync(Func<SemanticIndexer, Task<int>> pass)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await pass(scope.ServiceProvider.GetRequiredService<SemanticIndexer>());
    }

    [LoggerMessage(LogLevel.Warning, "Semantic indexing failed; trying again in {Interval}")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, TimeSpan interval);
}
