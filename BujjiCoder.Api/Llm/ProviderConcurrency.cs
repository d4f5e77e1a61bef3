using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// One concurrency limiter per provider, shared by every call in this replica: the server's endpoint of a provider is one
/// bulkhead, and each user's own base URL is a bulkhead of its own, so one user's hanging server cannot use up the places
/// of everyone else's calls to that provider.
/// </summary>
internal sealed class ProviderConcurrency : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrencyLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly IOptions<ProviderConcurrencyOptions> _options;
    private readonly ProviderConcurrencyMetrics _metrics;

    public ProviderConcurrency(IOptions<ProviderConcurrencyOptions> options, ProviderConcurrencyMetrics metrics)
    {
        _options = options;
        _metrics = metrics;
        metrics.Observe(() => ServerLimiters);
    }

    /// <summary>Each provider's limiter for the server's endpoint, for the gauges.</summary>
    public IEnumerable<KeyValuePair<string, ConcurrencyLimiter>> ServerLimiters =>
        _limiters.Where(limiter => !limiter.Key.Contains('@', StringComparison.Ordinal));

    /// <summary>Takes a place for a call to <paramref name="resolved"/>'s provider, waiting in its queue if need be.</summary>
    /// <exception cref="LlmProviderException">503 with Retry-After when the queue is full or the wait too long.</exception>
    public async Task<RateLimitLease> AcquireAsync(ResolvedConnection resolved, CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        var limiter = _limiters.GetOrAdd(KeyOf(resolved), _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

        // Fast path: a free place, no timer.
        var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired && settings.QueueLimit > 0 && settings.QueueTimeout > TimeSpan.Zero)
        {
            lease.Dispose();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(settings.QueueTimeout);
            try
            {
                lease = await limiter.AcquireAsync(1, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lease = FailedLease.Instance;
            }
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        _metrics.RecordRefused(resolved.ProviderName, resolved.UserEndpoint);
        throw new LlmProviderException(StatusCodes.Status503ServiceUnavailable,
            $"Too many calls to '{resolved.ProviderName}' are in progress on this server. Try again shortly.", settings.RetryAfter, null);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static string KeyOf(ResolvedConnection resolved) =>
        resolved.UserEndpoint ? $"{resolved.ProviderName}@{resolved.Connection.Endpoint}" : resolved.ProviderName;

    private sealed class FailedLease : RateLimitLease
    {
        public static readonly FailedLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
