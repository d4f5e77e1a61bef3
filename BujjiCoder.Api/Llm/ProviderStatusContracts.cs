namespace BujjiCoder.Api.Llm;

/// <summary>Every configured provider as <c>GET /admin/providers/status</c> reports it.</summary>
internal sealed record ProviderStatusResponse(IReadOnlyList<ProviderStatus> Providers, DateTimeOffset CheckedAt);

/// <summary>
/// One provider: whether it answers now (<paramref name="Probe"/>), what its circuit breaker says (closed, half-open, open),
/// and the last failure and success of real calls since this replica started.
/// </summary>
internal sealed record ProviderStatus(
    string Name, string Kind, bool HasServerKey, bool Reachable, string Breaker, ProviderProbeResult Probe,
    ProviderFailureResponse? LastFailure, DateTimeOffset? LastSuccessAt);

/// <param name="Status">The HTTP status the endpoint answered with (any answer counts as reachable); null when none came.</param>
/// <param name="Error">Why nothing came back (refused, timed out), when nothing did.</param>
internal sealed record ProviderProbeResult(bool Reachable, int? Status, double LatencyMs, string? Error);

internal sealed record ProviderFailureResponse(DateTimeOffset At, string Message, int? UpstreamStatus);
