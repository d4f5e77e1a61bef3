using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Settings of <c>Llm:Concurrency</c>: how many calls to one provider a replica makes at once. A provider that hangs then
/// holds at most <see cref="PermitLimit"/> calls (and their connections, memory and streams) until its timeout, and the
/// callers beyond the queue are told at once to come back, while other providers' calls go on untouched.
/// </summary>
internal sealed class ProviderConcurrencyOptions
{
    public const string SectionName = "Llm:Concurrency";

    /// <summary>
    /// Calls to one provider in progress at once, per replica (a streamed reply holds its place until it ends). Sized for
    /// streams, which are mostly waiting: two replicas hold the load test's 1,000 chats at once (docs/PERFORMANCE.md),
    /// while a provider that hangs still holds no more than this many connections of a replica.
    /// </summary>
    [Range(1, 10_000)]
    public int PermitLimit { get; set; } = 512;

    /// <summary>Calls that may wait for a place; beyond them a call is refused with 503 and <c>Retry-After</c>.</summary>
    [Range(0, 10_000)]
    public int QueueLimit { get; set; } = 32;

    /// <summary>The longest a queued call waits for a place before it is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What a refused caller is told to wait (<c>Retry-After</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
