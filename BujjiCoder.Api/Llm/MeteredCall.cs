using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using BujjiCoder.Api.Usage;
using BujjiCoder.Workspaces.Prompts;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// What a call sends: the messages, the options, and the prompt's size in tokens as the prompt builder counted it (null to
/// count the messages here). The size is what a call is charged for when the provider does not say.
/// </summary>
internal sealed record ModelPrompt(IReadOnlyList<ChatMessage> Messages, ChatOptions Options, int? PromptTokens = null);

/// <summary>A reply, what it counted and cost, and the message it became when the caller kept it.</summary>
internal sealed record ModelReply(string Text, TurnUsage Usage, Guid? MessageId);

/// <summary>What a streamed call yields: the reply's text as it arrives (<see cref="ModelDelta"/>), then one <see cref="ModelStreamEnd"/>.</summary>
internal abstract record ModelStreamItem;

internal sealed record ModelDelta(string Text) : ModelStreamItem;

/// <summary>How a stream ended (a <see cref="UsageOutcomes"/> value), the reply so far, and the provider's failure when it failed.</summary>
internal sealed record ModelStreamEnd(ModelReply Reply, string Outcome, LlmProviderException? Failure) : ModelStreamItem;

/// <summary>
/// One opened model call (see <see cref="ModelCalls.OpenAsync"/>). Whether it succeeds, fails or is cancelled, it leaves
/// exactly one usage record: tokens (the provider's counts, else ours), cost, latency, time to first token, outcome.
/// </summary>
/// <remarks>
/// A caller that keeps the reply (chat saves it as a message) passes <c>keep</c>: it runs before the record is written,
/// so the record names the message, and the call is recorded even when keeping fails.
/// </remarks>
internal sealed class MeteredCall(
    ModelCallRequest request, LlmModelOptions model, ResolvedConnection connection, ChatClients clients, UsageRecorder usage, TokenCounter tokens, LlmMetrics metrics)
{
    public LlmModelOptions Model => model;

    /// <summary>The reply in one piece. A provider's failure is recorded, then thrown as <see cref="LlmProviderException"/>.</summary>
    public async Task<ModelReply> CompleteAsync(ModelPrompt prompt, CancellationToken cancellationToken, Func<string, Task<Guid>>? keep = null)
    {
        var promptTokens = PromptTokens(prompt);
        var clock = Stopwatch.StartNew();
        using var client = clients.Create(connection);
        try
        {
            var response = await client.GetResponseAsync(prompt.Messages, prompt.Options, cancellationToken);
            var used = TurnUsage.Measure(model, response.Usage, promptTokens, response.Text, tokens);
            Guid? kept = keep is null ? null : await keep(response.Text);
            await RecordAsync(used, clock.Elapsed, firstToken: null, UsageOutcomes.Success, kept);
            return new ModelReply(response.Text, used, kept);
        }
        catch (Exception failure)
        {
            // The provider may bill a prompt it did not answer; nothing came back, so nothing else is counted.
            var outcome = failure is OperationCanceledException ? UsageOutcomes.Cancelled : UsageOutcomes.Error;
            await RecordAsync(new TurnUsage(promptTokens, 0, 0, Cached: false), clock.Elapsed, firstToken: null, outcome, messageId: null);
            throw;
        }
    }

    /// <summary>
    /// The reply as it arrives. Cancelling <paramref name="cancellationToken"/> (the client going away) cancels the upstream
    /// call; that and a provider's failure end the stream with <see cref="ModelStreamEnd"/> rather than an exception,
    /// since the caller has already sent part of the reply.
    /// </summary>
    public async IAsyncEnumerable<ModelStreamItem> StreamAsync(
        ModelPrompt prompt, Func<string, Task<Guid>>? keep, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var promptTokens = PromptTokens(prompt);
        var clock = Stopwatch.StartNew();
        TimeSpan? firstToken = null;
        var text = new StringBuilder();
        UsageDetails? reported = null;
        LlmProviderException? failure = null;
        var outcome = UsageOutcomes.Success;
        using (var client = clients.Create(connection))
        {
            await using var updates = client.GetStreamingResponseAsync(prompt.Messages, prompt.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    outcome = UsageOutcomes.Cancelled;
                    break;
                }
                catch (LlmProviderException error)
                {
                    outcome = UsageOutcomes.Error;
                    failure = error;
                    break;
                }

                reported = update.Contents.OfType<UsageContent>().Select(u => u.Details).LastOrDefault() ?? reported;
                if (!string.IsNullOrEmpty(update.Text))
                {
                    firstToken ??= clock.Elapsed;
                    text.Append(update.Text);
                    yield return new ModelDelta(update.Text);
                }
            }
        }

        var reply = text.ToString();
        var used = TurnUsage.Measure(model, reported, promptTokens, reply, tokens);
        Guid? kept = null;
        try
        {
            kept = outcome == UsageOutcomes.Success && keep is not null ? await keep(reply) : null;
        }
        finally
        {
            await RecordAsync(used, clock.Elapsed, firstToken, outcome, kept);
        }

        yield return new ModelStreamEnd(new ModelReply(reply, used, kept), outcome, failure);
    }

    /// <summary>
    /// A reply served without asking the provider (from a cache): counted as a request with the tokens it cost the first
    /// time, but free, and left out of budgets.
    /// </summary>
    public async Task<TurnUsage> RecordCacheHitAsync(int inputTokens, int outputTokens, TimeSpan latency, TimeSpan? firstToken, Guid messageId)
    {
        var hit = new TurnUsage(inputTokens, outputTokens, 0, Cached: true);
        await RecordAsync(hit, latency, firstToken, UsageOutcomes.Success, messageId);
        return hit;
    }

    private int PromptTokens(ModelPrompt prompt) => prompt.PromptTokens ?? prompt.Messages.Sum(m => tokens.Count(m.Text));

    private Task RecordAsync(TurnUsage used, TimeSpan latency, TimeSpan? firstToken, string outcome, Guid? messageId)
    {
        var cost = used.Cached ? 0 : model.CostMicroUsd(used.InputTokens, used.OutputTokens);
        if (!used.Cached)
        {
            // A cache hit asked no provider: the reply cache counts it, not the model call metrics.
            metrics.RecordCall(connection.ProviderName, model.Id, request.Kind, outcome, used.InputTokens, used.OutputTokens, cost, latency, firstToken);
        }

        return usage.RecordAsync(new UsageEntry(
            request.UserId, request.WorkspaceId, request.ConversationId, messageId, request.Kind, model.Id, connection.ProviderName,
            used.InputTokens, used.OutputTokens, cost, latency, firstToken, used.Cached, outcome));
    }
}
