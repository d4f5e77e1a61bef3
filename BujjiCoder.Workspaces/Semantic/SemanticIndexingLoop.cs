using Microsoft.FeatureManagement;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// The indexer's polling loop, the same in the Worker and in an embedded Api: while the <c>SemanticSearch</c> flag is
/// on and the host's own condition holds (no import is running; in the Api, no Worker either), it indexes a batch of
/// pending blobs after another, waits <see cref="SemanticIndexingOptions.PollInterval"/> once none is left, and prunes every
/// <see cref="SemanticIndexingOptions.PruneInterval"/>. The condition is asked before every pass and again every poll
/// interval while one runs (the flag with it): a pass stops within a poll interval of either turning false (an import
/// started, say), what it has not stored stays pending, and the loop waits for the next tick. It only reads what changes
/// committed: nothing that writes a file ever waits for it. A failure is logged and the loop carries on at the next tick;
/// it never stops its host.
/// </summary>
public sealed partial class SemanticIndexingLoop(
    IServiceScopeFactory scopes, IFeatureManager features, IOptions<SemanticIndexingOptions> options, SemanticIndexMetrics metrics, TimeProvider time,
    ILogger<SemanticIndexingLoop> logger)
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <param name="mayRun">
    /// Asked before every pass and every poll interval during one: false leaves the work to someone else for now, and stops
    /// the pass in flight.
    /// </param>
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
                while (await MayRunAsync(mayRun, stoppingToken) && await IndexWhileAllowedAsync(mayRun, stoppingToken) > 0)
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

    /// <summary>
    /// One pass, stopped when <paramref name="mayRun"/> turns false during it: a pass embeds for seconds on a core an import
    /// started meanwhile needs (docs/PERFORMANCE.md, "Semantic retrieval"). Returns what it stored; 0 when it stopped, so
    /// the loop waits for its next tick before asking again.
    /// </summary>
    private async Task<int> IndexWhileAllowedAsync(Func<CancellationToken, Task<bool>> mayRun, CancellationToken stoppingToken)
    {
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var passEnded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var watching = WatchAsync(mayRun, pass, passEnded.Token);
        try
        {
            return await WithIndexerAsync(indexer => indexer.IndexPendingAsync(options.Value.BatchSize, pass.Token));
        }
        catch (OperationCanceledException) when (pass.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // The watcher also stops the pass when it cannot ask at all: then this rethrows its failure, for the loop to log.
            await watching;
            LogYielded(logger);
            return 0;
        }
        finally
        {
            // A pass that ended by itself leaves no watcher behind.
            await passEnded.CancelAsync();
            await watching;
        }
    }

    /// <summary>
    /// Asks <paramref name="mayRun"/> every poll interval until the pass ends (<paramref name="passEnded"/>), and cancels the
    /// pass when it turns false or cannot be asked. A timer of its own: the loop's is not ticked by two callers at once.
    /// </summary>
    private async Task WatchAsync(Func<CancellationToken, Task<bool>> mayRun, CancellationTokenSource pass, CancellationToken passEnded)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(passEnded))
            {
                if (!await MayRunAsync(mayRun, passEnded))
                {
                    await pass.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (passEnded.IsCancellationRequested)
        {
            // The pass ended (or the host is stopping): nothing left to watch.
        }
        catch
        {
            await pass.CancelAsync();
            throw;
        }
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

    [LoggerMessage(LogLevel.Information, "Semantic indexing stopped its pass in flight (an import started, a Worker took over, or the flag went off); what it had not stored stays pending")]
    private static partial void LogYielded(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Semantic indexing failed; trying again in {Interval}")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, TimeSpan interval);
}
