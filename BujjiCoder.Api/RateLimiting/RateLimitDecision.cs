namespace BujjiCoder.Api.RateLimiting;

/// <summary>Where one rule stands after a request: requests left in its window and when the window ends.</summary>
internal readonly record struct RuleState(RateLimitRule Rule, int Remaining, TimeSpan Reset);

/// <summary>The outcome for one request: every rule's state, and the rule that refused it if one did.</summary>
internal sealed record RateLimitDecision(IReadOnlyList<RuleState> States, RuleState? Refused, bool CountedLocally)
{
    public bool Allowed => Refused is null;
}
