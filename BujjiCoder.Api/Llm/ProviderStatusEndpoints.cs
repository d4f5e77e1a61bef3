using BujjiCoder.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// <c>GET /admin/providers/status</c> (permission admin.jobs, the operations permission): each configured provider, probed
/// now, with its breaker and last failure. Provider reachability lives here and not in <c>/health/ready</c>: a provider
/// that is down must not take the Api out of its load balancer, since everything but the assistant still works.
/// </summary>
internal static class ProviderStatusEndpoints
{
    public static RouteGroupBuilder MapProviderStatusEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/admin/providers/status", GetAsync).WithTags("Administration").RequireAuthorization(Permissions.AdminJobs);
        return api;
    }

    private static async Task<Ok<ProviderStatusResponse>> GetAsync(
        IOptions<LlmOptions> options, ProviderProbe probe, TimeProvider time, CancellationToken cancellationToken)
    {
        var providers = await Task.WhenAll(options.Value.Providers.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(async pair =>
        {
            var (name, provider) = pair;
            var probed = await probe.ProbeAsync(provider, cancellationToken);
            var breaker = ProviderCircuitBreaker.All().FirstOrDefault(b => b.Key == name).Value;
            var state = breaker?.State(time) ?? BreakerState.Closed;
            return new ProviderStatus(
                name, provider.Kind.ToString(), provider.ApiKey is not null || provider.KeyVaultSecret is not null,
                Reachable: probed.Reachable && state != BreakerState.Open,
                Breaker: state switch { BreakerState.Open => "open", BreakerState.HalfOpen => "half-open", _ => "closed" },
                probed,
                breaker?.LastFailure is { } failure ? new ProviderFailureResponse(failure.At, failure.Message, failure.UpstreamStatus) : null,
                breaker?.LastSuccess);
        }));
        return TypedResults.Ok(new ProviderStatusResponse(providers, time.GetUtcNow()));
    }
}
