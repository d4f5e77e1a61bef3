using System.Threading.RateLimiting;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>
/// The same rules counted by this replica alone, on the framework's fixed-window limiters: what the embedded mode
/// uses, and the fallback while Redis is unreachable (each replica then allows the full quota).
/// </summary>
internal sealed class LocalRateLimitCounter : IDisposable
{
    // The quota is part of the partition key, so a changed setting starts a fresh limiter instead of keeping the old one.
    private readonly PartitionedRateLimiter<RateLimitRule> _limiters = PartitionedRateLimiter.Create<RateLimitRule, (string, int, TimeSpan)>(rule =>
        RateLimitPartition.GetFixedWindowLimiter((rule.Key, rule.PermitLimit, rule.Window), key => new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.Item2,
            Window = key.Item3,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public RateLimitDecision Count(IReadOnlyList<RateLimitRule> rules)
    {
        var states = new RuleState[rules.Count];
        RuleState? refused = null;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            using var lease = refused is null ? _limiters.AttemptAcquire(rule) : null;
            var remaining = (int)(_limiters.GetStatistics(rule)?.CurrentAvailablePermits ?? 0);
            // The framework's limiter tells when a refused request may retry, not when a window ends: the window's
            // length is the honest upper bound for the others.
            var reset = lease is { IsAcquired: false } && lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : rule.Window;
            states[i] = new RuleState(rule, remaining, reset);
            if (lease is { IsAcquired: false })
            {
                refused = states[i];
            }
        }

        return new RateLimitDecision(states, refused, CountedLocally: true);
    }

    public void Dispose() => _limiters.Dispose();
}
