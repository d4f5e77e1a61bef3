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

    public void RecordSuccess()
    {
        lock (_lock)
        {
            _consecutiveFailures = 0;
        }
    }

    public void RecordFailure(ResilienceSettings settings, TimeProvider time)
    {
        lock (_lock)
        {
            if (++_consecutiveFailures >= settings.BreakerFailures)
            {
                _openUntil = time.GetUtcNow() + settings.BreakDuration;
                // Half-open after the break: the next failure alone reopens it.
                _consecutiveFailures = settings.BreakerFailures - 1;
            }
        }
    }
}
