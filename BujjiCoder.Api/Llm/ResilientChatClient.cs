using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Timeouts, retries with backoff and a per-provider circuit breaker around a provider's chat client. Everything
/// leaves as <see cref="LlmProviderException"/> except the caller's own cancellation, which propagates as is.
/// </summary>
/// <remarks>
/// Hand-rolled rather than a Polly pipeline: a stream may be retried only until its first token reaches the caller
/// (after that the caller has shown text we cannot take back), and the breaker counts consecutive failures across
/// instances; both fit in a short loop more plainly than in strategies built for single calls.
/// </remarks>
internal sealed class ResilientChatClient(IChatClient inner, string providerName, ResilienceSettings settings, TimeProvider time, LlmMetrics metrics)
    : DelegatingChatClient(inner)
{
    private readonly ProviderCircuitBreaker _breaker = ProviderCircuitBreaker.For(providerName);

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Materialised once: a lazy sequence must not be enumerated anew by every attempt.
        var history = messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            _breaker.ThrowIfOpen(time);
            using var timeout = new CancellationTokenSource(settings.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var response = await base.GetResponseAsync(history, options, linked.Token);
                _breaker.RecordSuccess(time);
                return response;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var error = Failed(exception);
                if (!ShouldRetry(error, attempt))
                {
                    throw error;
                }

                await Task.Delay(Backoff(error, attempt), time, cancellationToken);
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var opened = await OpenStreamAsync(messages.ToList(), options, cancellationToken);
        try
        {
            foreach (var update in opened.Head)
            {
                yield return update;
            }

            var more = opened.More;
            while (more)
            {
                opened.Timeout.CancelAfter(settings.Timeout);
                try
                {
                    more = await opened.Stream.MoveNextAsync();
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Text has reached the caller: a retry would repeat it, so the failure goes up as it is.
                    throw Failed(exception);
                }

                if (more)
                {
                    yield return opened.Stream.Current;
                }
            }
        }
        finally
        {
            await opened.Stream.DisposeAsync();
            opened.Linked.Dispose();
            opened.Timeout.Dispose();
        }
    }

    /// <summary>
    /// Starts the stream and reads up to its first token, retrying like a plain call until one arrives. Updates
    /// before it (the role, the prompt's token count) are held back, so the caller sees nothing of a failed attempt.
    /// </summary>
    private async Task<OpenedStream> OpenStreamAsync(List<ChatMessage> history, ChatOptions? options, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            _breaker.ThrowIfOpen(time);
            var timeout = new CancellationTokenSource(settings.Timeout, time);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            IAsyncEnumerator<ChatResponseUpdate>? stream = null;
            try
            {
                stream = base.GetStreamingResponseAsync(history, options, linked.Token).GetAsyncEnumerator(linked.Token);
                var head = new List<ChatResponseUpdate>();
                bool more;
                while ((more = await stream.MoveNextAsync()) && !CarriesOutput(stream.Current))
                {
                    head.Add(stream.Current);
                }

                if (more)
                {
                    head.Add(stream.Current);
                }

                // An answer without output still means the provider answered.
                _breaker.RecordSuccess(time);
                return new OpenedStream(stream, head, more, timeout, linked);
            }
            catch (Exception exception)
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }

                linked.Dispose();
                timeout.Dispose();
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                var error = Failed(exception);
                if (!ShouldRetry(error, attempt))
                {
                    throw error;
                }

                await Task.Delay(Backoff(error, attempt), time, cancellationToken);
            }
        }
    }

    // Output is anything the caller would show or act on: text, reasoning, tool calls; not usage or empty text.
    private static bool CarriesOutput(ChatResponseUpdate update) =>
        update.Contents.Any(content => content is not UsageContent and not TextContent { Text.Length: 0 });

    /// <param name="Head">Updates read while waiting for the first token, that token included.</param>
    /// <param name="More">Whether the stream may have more after the head.</param>
    private sealed record OpenedStream(
        IAsyncEnumerator<ChatResponseUpdate> Stream,
        List<ChatResponseUpdate> Head,
        bool More,
        CancellationTokenSource Timeout,
        CancellationTokenSource Linked);

    /// <summary>Maps the failure and tells the breaker about it when it says something about the provider's health.</summary>
    private LlmProviderException Failed(Exception exception)
    {
        var error = LlmErrors.Map(exception) ?? new LlmProviderException(502, "The provider call failed.", null, exception);
        metrics.RecordUpstreamError(providerName, error);
        if (error.IsTransient)
        {
            _breaker.RecordFailure(settings, time, error);
        }

        return error;
    }

    private bool ShouldRetry(LlmProviderException error, int attempt) =>
        error.IsTransient
        && attempt < settings.MaxRetries
        // A provider asking for a longer pause than we will wait gets its 429 passed on, for our caller to honour.
        && !(error.RetryAfter > settings.RetryAfterCap);

    private TimeSpan Backoff(LlmProviderException error, int attempt)
    {
        var exponential = settings.BaseDelay * Math.Pow(2, attempt);
        return error.RetryAfter is { } asked && asked > exponential ? asked : exponential;
    }
}
