using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Holds a place in the provider's bulkhead (<see cref="ProviderConcurrency"/>) for the whole of a call, a streamed reply until
/// its last update. It wraps <see cref="ResilientChatClient"/> from outside: retries of one call share its place, and a
/// refusal here is not a provider failure (no retry, no breaker count).
/// </summary>
internal sealed class ProviderConcurrencyChatClient(IChatClient inner, ResolvedConnection resolved, ProviderConcurrency concurrency)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var lease = await concurrency.AcquireAsync(resolved, cancellationToken);
        return await base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var lease = await concurrency.AcquireAsync(resolved, cancellationToken);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }
}
