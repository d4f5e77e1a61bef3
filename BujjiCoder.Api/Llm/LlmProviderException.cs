namespace BujjiCoder.Api.Llm;

/// <summary>
/// A provider call that failed, already translated into the status our API answers with, so callers handle one
/// exception type whatever the SDK underneath threw.
/// </summary>
/// <param name="status">The status to answer with (429, 502, 503, 504).</param>
/// <param name="retryAfter">How long the provider asked us to wait, when it said.</param>
internal sealed class LlmProviderException(int status, string message, TimeSpan? retryAfter, Exception? inner)
    : Exception(message, inner)
{
    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// The provider's own status when it answered with one. A rejected key or a bad request also becomes 502 for our
    /// callers, but repeating it cannot help, so it must not count as transient.
    /// </summary>
    public int? UpstreamStatus { get; init; }

    public bool IsTransient => UpstreamStatus is { } upstream
        ? upstream is 408 or 429 or >= 500
        : Status is 429 or >= 500;
}
