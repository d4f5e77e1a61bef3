using System.Diagnostics.Metrics;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>What the rate limiter reports: refusals per policy, and requests counted per replica while Redis was away.</summary>
internal sealed class RateLimitMetrics
{
    public const string MeterName = "BujjiCoder.Api.RateLimiting";

    private readonly Counter<long> _rejected;
    private readonly Counter<long> _fallback;

    public RateLimitMetrics(IMeterFactory meterFactory, Func<int> degraded)
    {
        var meter = meterFactory.Create(MeterName);
        _rejected = meter.CreateCounter<long>("bujji.rate_limit.rejected", "{request}", "Requests refused with 429, by policy.");
        _fallback = meter.CreateCounter<long>(
            "bujji.rate_limit.fallback", "{request}", "Requests counted by this replica alone because Redis was unreachable.");
        meter.CreateObservableGauge("bujji.rate_limit.degraded", degraded, description: "1 while Redis is unreachable and limits are per replica.");
    }

    public void Record(RateLimitDecision decision, bool fallback)
    {
        if (decision.Refused is { } refused)
        {
            _rejected.Add(1, new KeyValuePair<string, object?>("policy", refused.Rule.Policy));
        }

        if (fallback)
        {
            _fallback.Add(1);
        }
    }
}
