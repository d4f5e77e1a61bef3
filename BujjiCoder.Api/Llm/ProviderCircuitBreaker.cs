using System.Collections.Concurrent;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Counts consecutive failures of one provider across every client that calls it, so a provider that is down is
/// skipped by all conversations at once instead of each one discovering it through its own timeouts.
/// </summary>
internal sealed class ProviderCircuitBreaker
{
    private static readonly ConcurrentDictionary<string, ProviderCircuitBreaker> Breakers = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    public static ProviderCircuitBreaker For(string providerName) => Breakers.GetOrAdd(providerName, _ => new());

    /// <summary>Every provider called since the process started (or its last reset), for metrics and the status endpoint.</summary>
    public static IReadOnlyList<KeyValuePair<string, ProviderCircuitBreaker>> All() => [.. Breakers];

    /// <summary>The last failure that counted against the provider, if any.</summary>
    public ProviderFailure? LastFailure { get; private set; }

    /// <summary>When the provider last answered.</summary>
    public DateTimeOffset? LastSuccess { get; private set; }

    /// <summary>Closed (calls go through), open (paused until the break ends) or half-open (one failure reopens it).</summary>
    public BreakerState State(TimeProvider time)
    {
        lock (_lock)
        {
            return time.GetUtcNow() < _openUntil ? BreakerState.Open
                : _openUntil != DateTimeOffset.MinValue && _consecutiveFailures > 0 ? BreakerState.HalfOpen
                : BreakerState.Closed;
        }
    }

    /// <summary>Forgets a provider's history (tests, or an operator replacing a provider's key).</summary>
    public static void Reset(string providerName) => Breakers.TryRemove(providerName, out _);

    /// <summary>Throws 503 while open. After the break, calls go through again; one more failure reopens it.</summary>
    public void ThrowIfOpen(TimeProvider time)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now < _openUntil)
            {
                throw new LlmProviderException(503, "The provider is failing; calls are paused.", _openUntil - now, null);
            }
        }
    }

    public void RecordSuccess(TimeProvider time)
    {
        lock (_lock)
        {
            _consecutiveFailures = 0;
            _openUntil = DateTimeOffset.MinValue;
            LastSuccess = time.GetUtcNow();
        }
    }

    public void RecordFailure(ResilienceSettings settings, TimeProvider time, LlmProviderException error)
    {
        lock (_lock)
        {
            LastFailure = new ProviderFailure(time.GetUtcNow(), error.Message, error.UpstreamStatus);
            if (++_consecutiveFailures >= settings.BreakerFailures)
            {
                _openUntil = time.GetUtcNow() + settings.BreakDuration;
                // Half-open after the break: the next failure alone reopens it.
                _consecutiveFailures = settings.BreakerFailures - 1;
            }
        }
    }
}

/// <summary>The values are those of the <c>bujji.llm.breaker.state</c> gauge.</summary>
internal enum BreakerState
{
    Closed = 0,
    HalfOpen = 1,
    Open = 2,
}

/// <summary>A provider's failure as operators see it: when, our message (never the provider's body), its status.</summary>
internal sealed record ProviderFailure(DateTimeOffset At, string Message, int? UpstreamStatus);
