using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Builds the chat client of one call: the provider's SDK behind IChatClient, wrapped in the resilience pipeline.
/// A user's own base URL goes through an HttpClient whose handler refuses internal addresses at connect time.
/// </summary>
internal sealed class ChatClients(
    OutboundAddressPolicy outbound, IOptions<LlmResilienceOptions> resilience, TimeProvider time, LlmMetrics metrics, ProviderConcurrency concurrency) : IDisposable
{
    private readonly Lazy<HttpClient> _guarded = new(() => new HttpClient(outbound.CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan });

    public IChatClient Create(ResolvedConnection resolved)
    {
        var settings = resilience.Value;
        var inner = ChatClientFactory.Create(resolved.Connection, resolved.UserEndpoint ? _guarded.Value : null);
        var resilient = new ResilientChatClient(inner, resolved.ProviderName,
            new ResilienceSettings(settings.Timeout, settings.MaxRetries, settings.BaseDelay, settings.BreakerFailures, settings.BreakDuration), time, metrics);
        return new ProviderConcurrencyChatClient(resilient, resolved, concurrency);
    }

    public void Dispose()
    {
        if (_guarded.IsValueCreated)
        {
            _guarded.Value.Dispose();
        }
    }
}
