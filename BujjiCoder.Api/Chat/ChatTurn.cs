using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using BujjiCoder.Api.Llm;
using BujjiCoder.Api.Usage;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Chat;

/// <summary>Everything one turn needs once the caller has been checked: the model, its client and the prompt.</summary>
internal sealed record PreparedTurn(
    Conversation Conversation, string UserId, LlmModelOptions Model, ResolvedConnection Connection, PromptPlan Prompt, IReadOnlyList<ContextFile> Context,
    string? CacheKey);

/// <summary>What a streamed turn sends, in order: context, deltas, usage, then done or error.</summary>
internal abstract record TurnEvent;

internal sealed record ContextEvent(IReadOnlyList<ContextFile> Files) : TurnEvent;

internal sealed record DeltaEvent(string Text) : TurnEvent;

internal sealed record UsageEvent(TurnUsage Usage) : TurnEvent;

internal sealed record DoneEvent(Guid MessageId) : TurnEvent;

internal sealed record ErrorEvent(int Status, string Title, string Detail) : TurnEvent;

/// <summary>
/// One grounded chat turn: builds the prompt (rules, retrieved code, history, the question) within the model's
/// window, calls the model, persists the reply and records usage and cost, whether the turn succeeds, fails or
/// is cancelled by the client going away.
/// </summary>
internal sealed class ChatTurn(
    BujjiDbContext db, WorkspaceStore store, ContextRetriever retriever, PromptBuilder prompts, ChatClients clients, TokenCounter tokens, UsageRecorder usage,
    ReplyCache replies, TimeProvider time)
{
    private const string Instructions =
        "You are Bujji Coder, an assistant for the user's codebase. Answer from the code excerpts given below when they are relevant, "
        + "name files by their paths, and say so when the excerpts do not contain the answer. Propose changes as unified diffs.";

    public async Task<PreparedTurn> PrepareAsync(
        Conversation conversation, string userId, LlmModelOptions model, ResolvedConnection connection, string question, CancellationToken cancellationToken)
    {
        var rules = (await store.ReadRulesAsync(conversation.WorkspaceId, cancellationToken))?.Text;
        var history = await db.ConversationMessages.AsNoTracking().Where(m => m.ConversationId == conversation.Id)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new HistoryMessage(m.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, m.Content)).ToListAsync(cancellationToken);
        var snippets = await retriever.RetrieveAsync(conversation.WorkspaceId, question, cancellationToken);
        var plan = prompts.Build(new PromptRequest(Instructions, rules, snippets, history, question, model.ContextWindow, model.MaxOutputTokens));
        var context = plan.IncludedSnippets.Select(s => new ContextFile(s.Path, s.StartLine, s.EndLine)).ToList();
        var cacheKey = await replies.KeyAsync(conversation.WorkspaceId, model, plan.Messages);
        return new PreparedTurn(conversation, userId, model, connection, plan, context, cacheKey);
    }

    /// <summary>The reply in one piece.</summary>
    public async Task<ReplyResponse> CompleteAsync(PreparedTurn turn, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (turn.CacheKey is not null && await replies.GetAsync(turn.CacheKey, cancellationToken) is { } cached)
        {
            var hit = new TurnUsage(cached.InputTokens, cached.OutputTokens, 0, Cached: true);
            var replayed = await SaveReplyAsync(turn, cached.Text);
            await RecordAsync(turn, hit, clock, firstToken: null, "success", replayed.Id);
            return new ReplyResponse(ToResponse(replayed, hit), turn.Context, hit);
        }

        using var client = clients.Create(turn.Connection);
        try
        {
            var response = await client.GetResponseAsync(turn.Prompt.Messages, Options(turn), cancellationToken);
            var tokensUsed = TurnUsage.Measure(turn.Model, response.Usage, turn.Prompt.PromptTokens, response.Text, tokens);
            var message = await SaveReplyAsync(turn, response.Text);
            await RecordAsync(turn, tokensUsed, clock, firstToken: null, "success", message.Id);
            if (turn.CacheKey is not null)
            {
                await replies.SetAsync(turn.CacheKey, new CachedReply(response.Text, tokensUsed.InputTokens, tokensUsed.OutputTokens));
            }

            return new ReplyResponse(ToResponse(message, tokensUsed), turn.Context, tokensUsed);
        }
        catch (Exception failure)
        {
            await RecordAsync(turn, new TurnUsage(turn.Prompt.PromptTokens, 0, 0, false), clock, null, failure is OperationCanceledException ? "cancelled" : "error");
            throw;
        }
    }

    /// <summary>The reply as events; a client that goes away cancels <paramref name="cancellationToken"/> and with it the upstream call.</summary>
    public async IAsyncEnumerable<TurnEvent> StreamAsync(PreparedTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ContextEvent(turn.Context);
        var clock = Stopwatch.StartNew();
        if (turn.CacheKey is not null && await replies.GetAsync(turn.CacheKey, cancellationToken) is { } cached)
        {
            // Replayed as a stream, a few words per event, so a client cannot tell a hit from a fresh answer but by its speed.
            foreach (var piece in Pieces(cached.Text))
            {
                yield return new DeltaEvent(piece);
            }

            var hit = new TurnUsage(cached.InputTokens, cached.OutputTokens, 0, Cached: true);
            var replayed = await SaveReplyAsync(turn, cached.Text);
            await RecordAsync(turn, hit, clock, clock.Elapsed, "success", replayed.Id);
            yield return new UsageEvent(hit);
            yield return new DoneEvent(replayed.Id);
            yield break;
        }

        TimeSpan? firstToken = null;
        var text = new StringBuilder();
        UsageDetails? reported = null;
        ErrorEvent? error = null;
        var outcome = "success";
        using (var client = clients.Create(turn.Connection))
        {
            await using var updates = client.GetStreamingResponseAsync(turn.Prompt.Messages, Options(turn), cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                    outcome = "cancelled";
                    break;
                }
                catch (LlmProviderException failure)
                {
                    outcome = "error";
                    error = new ErrorEvent(failure.Status, "The model provider failed", failure.Message);
                    break;
                }

                reported = update.Contents.OfType<UsageContent>().Select(u => u.Details).LastOrDefault() ?? reported;
                if (!string.IsNullOrEmpty(update.Text))
                {
                    firstToken ??= clock.Elapsed;
                    text.Append(update.Text);
                    yield return new DeltaEvent(update.Text);
                }
            }
        }

        var tokensUsed = TurnUsage.Measure(turn.Model, reported, turn.Prompt.PromptTokens, text.ToString(), tokens);
        if (outcome != "success")
        {
            await RecordAsync(turn, tokensUsed, clock, firstToken, outcome);
            if (error is not null)
            {
                yield return new UsageEvent(tokensUsed);
                yield return error;
            }

            yield break;
        }

        // Saved first so the usage record can name the reply; recorded even if saving fails, so the call is still counted.
        ConversationMessage? message = null;
        try
        {
            message = await SaveReplyAsync(turn, text.ToString());
        }
        finally
        {
            await RecordAsync(turn, tokensUsed, clock, firstToken, outcome, message?.Id);
        }

        yield return new UsageEvent(tokensUsed);
        if (turn.CacheKey is not null)
        {
            await replies.SetAsync(turn.CacheKey, new CachedReply(text.ToString(), tokensUsed.InputTokens, tokensUsed.OutputTokens));
        }

        yield return new DoneEvent(message.Id);
    }

    private static IEnumerable<string> Pieces(string text)
    {
        const int Size = 24;
        for (var at = 0; at < text.Length; at += Size)
        {
            yield return text.Substring(at, Math.Min(Size, text.Length - at));
        }
    }

    /// <summary>The message as callers see it; the context is stored as written by <see cref="SaveReplyAsync"/> (default JSON options).</summary>
    public static MessageResponse ToResponse(ConversationMessage message, TurnUsage? usage = null) => new(
        message.Id, message.Role, message.Content, message.Model, message.CreatedAt,
        message.ContextJson is null ? null : JsonSerializer.Deserialize<List<ContextFile>>(message.ContextJson), usage);

    private static ChatOptions Options(PreparedTurn turn) => new() { MaxOutputTokens = turn.Model.MaxOutputTokens, Temperature = turn.Model.Temperature };

    private async Task<ConversationMessage> SaveReplyAsync(PreparedTurn turn, string reply)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var message = new ConversationMessage
        {
            Id = Guid.CreateVersion7(), ConversationId = turn.Conversation.Id, Role = "assistant", Content = reply, Model = turn.Model.Id,
            ContextJson = JsonSerializer.Serialize(turn.Context), CreatedAt = now,
        };
        db.ConversationMessages.Add(message);
        await db.Conversations.Where(c => c.Id == turn.Conversation.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.UpdatedAt, now));
        await db.SaveChangesAsync(CancellationToken.None);
        return message;
    }

    private Task RecordAsync(PreparedTurn turn, TurnUsage used, Stopwatch clock, TimeSpan? firstToken, string outcome, Guid? messageId = null) =>
        usage.RecordAsync(
            new LlmCallContext(turn.UserId, turn.Conversation.WorkspaceId, turn.Conversation.Id, "chat", turn.Model, turn.Connection.ProviderName, messageId),
            used.InputTokens, used.OutputTokens, clock.Elapsed, outcome, firstToken, used.Cached);
}
