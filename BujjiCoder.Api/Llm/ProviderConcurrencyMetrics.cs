using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// How full each provider's bulkhead is (<see cref="ProviderConcurrency"/>): calls in progress and waiting, per provider (the
/// server's endpoints; users' own base URLs are not labelled, the label set stays small), and the calls refused.
/// </summary>
internal sealed class ProviderConcurrencyMetrics
{
    private readonly Counter<long> _refused;
    private Func<IEnumerable<KeyValuePair<string, ConcurrencyLimiter>>> _limiters = () => [];

    public ProviderConcurrencyMetrics(IMeterFactory meterFactory, Microsoft.Extensions.Options.IOptions<ProviderConcurrencyOptions> options)
    {
        var meter = meterFactory.Create(LlmMetrics.MeterName);
        _refused = meter.CreateCounter<long>("bujji.llm.concurrency.refused", "{call}",
            "Calls refused because too many calls to their provider were in progress, by provider and endpoint (server, user).");
        meter.CreateObservableGauge("bujji.llm.concurrency.active",
            () => _limiters().Select(limiter => new Measurement<long>(
                options.Value.PermitLimit - (limiter.Value.GetStatistics()?.CurrentAvailablePermits ?? options.Value.PermitLimit),
                new KeyValuePair<string, object?>("provider", limiter.Key))),
            "{call}", "Calls to the provider's server endpoint in progress in this replica.");
        meter.CreateObservableGauge("bujji.llm.concurrency.queued",
            () => _limiters().Select(limiter => new Measurement<long>(
                limiter.Value.GetStatistics()?.CurrentQueuedCount ?? 0, new KeyValuePair<string, object?>("provider", limiter.Key))),
            "{call}", "Calls waiting for a place with the provider's server endpoint in this replica.");
    }

    /// <summary>Called once by <see cref="ProviderConcurrency"/>, whose limiters the gauges read.</summary>
    public void Observe(Func<IEnumerable<KeyValuePair<string, ConcurrencyLimiter>>> limiters) => _limiters = limiters;

    public void RecordRefused(string provider, bool userEndpoint) =>
        _refused.Add(1, new("provider", provider), new("endpoint", userEndpoint ? "user" : "server"));
}
