namespace BujjiCoder.Api.Llm;

/// <summary>How patient to be with a provider.</summary>
/// <param name="Timeout">Per attempt; for streams, the longest wait for the next update rather than for the whole answer.</param>
/// <param name="MaxRetries">Retries after the first attempt, for transient failures only.</param>
/// <param name="BaseDelay">First backoff; doubles per retry.</param>
/// <param name="BreakerFailures">Consecutive failures after which the provider is skipped.</param>
/// <param name="BreakDuration">How long it is skipped.</param>
/// <param name="MaxRetryAfter">The longest Retry-After we wait out; a provider asking for more gets its 429 passed on.</param>
internal sealed record ResilienceSettings(
    TimeSpan Timeout,
    int MaxRetries,
    TimeSpan BaseDelay,
    int BreakerFailures,
    TimeSpan BreakDuration,
    TimeSpan? MaxRetryAfter = null)
{
    public static ResilienceSettings Default { get; } =
        new(TimeSpan.FromSeconds(60), 2, TimeSpan.FromMilliseconds(500), 5, TimeSpan.FromSeconds(30));

    public TimeSpan RetryAfterCap => MaxRetryAfter ?? TimeSpan.FromSeconds(30);
}
