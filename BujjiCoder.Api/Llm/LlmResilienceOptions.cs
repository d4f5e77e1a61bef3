namespace BujjiCoder.Api.Llm;

/// <summary>Settings of <c>Llm:Resilience</c>.</summary>
internal sealed class LlmResilienceOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxRetries { get; set; } = 2;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public int BreakerFailures { get; set; } = 5;

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
