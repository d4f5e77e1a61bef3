using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BujjiCoder.Api.Llm;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Chat;

/// <summary>Everything one turn needs besides the opened model call: the model, the prompt, the files it holds and its cache key.</summary>
internal sealed record PreparedTurn(Conversation Conversation, LlmModelOptions Model, PromptPlan Prompt, IReadOnlyList<ContextFile> Context, string? CacheKey);

/// <summary>What a streamed turn sends, in order: context, deltas, usage, then done or error.</summary>
internal abstract record TurnEvent;

internal sealed record ContextEvent(IReadOnlyList<ContextFile> Files) : TurnEvent;

internal sealed record DeltaEvent(string Text) : TurnEvent;

internal sealed record UsageEvent(TurnUsage Usage) : TurnEvent;

internal sealed record DoneEvent(Guid MessageId) : TurnEvent;

internal sealed record ErrorEvent(int Status, string Title, string Detail) : TurnEvent;

/// <summary>
/// One grounded chat turn: builds the prompt (rules, retrieved code, history, the question) within the model's
/// window, answers from the reply cache or through the metered model call, and persists the reply, which the call's usage
/// record then names.
/// </summary>
/// <remarks>
/// Preparing reads the rules, the history and the retrieved code at once, each on a DbContext of its own, and leaves this
/// one (the request's) free: the caller saves the question on it meanwhile.
/// </remarks>
internal sealed class ChatTurn(
    BujjiDbContext db, IServiceScopeFactory scopes, ContextRetriever retriever, PromptBuilder prompts, ReplyCache replies, TimeProvider time)
{
    private const string Instructions =
        "You are Bujji Coder, an assistant for the user's codebase. Answer from the code excerpts given below when they are relevant, "
        + "name files by their paths, and say so when the excerpts do not contain the answer. Propose changes as unified diffs.";

    /// <param name="questionId">The id the question is being saved under, at the same time: it is not history yet.</param>
    public async Task<PreparedTurn> PrepareAsync(
        Conversation conversation, LlmModelOptions model, string question, Guid questionId, CancellationToken cancellationToken)
    {
        var rules = InScopeAsync<WorkspaceStore, FileBlob?>(store => store.ReadRulesAsync(conversation.WorkspaceId, cancellationToken));
        var history = InScopeAsync<BujjiDbContext, List<HistoryMessage>>(history => history.ConversationMessages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Id != questionId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new HistoryMessage(m.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, m.Content)).ToListAsync(cancellationToken));
        var snippets = retriever.RetrieveAsync(conversation.WorkspaceId, question, cancellationToken);
        await Task.WhenAll(rules, history, snippets);
        var plan = prompts.Build(new PromptRequest(Instructions, (await rules)?.Text, await snippets, await history, question, model.ContextWindow, model.MaxOutputTokens));
        var context = plan.IncludedSnippets.Select(s => new ContextFile(s.Path, s.StartLine, s.EndLine)).ToList();
        var cacheKey = await replies.KeyAsync(conversation.WorkspaceId, model, plan.Messages);
        return new PreparedTurn(conversation, model, plan, context, cacheKey);
    }

    /// <summary>The reply in one piece.</summary>
    public async Task<ReplyResponse> CompleteAsync(PreparedTurn turn, MeteredCall call, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (turn.CacheKey is not null && await replies.GetAsync(turn.CacheKey, cancellationToken) is { } cached)
        {
            var replayed = await SaveReplyAsync(turn, cached.Text);
            var hit = await call.RecordCacheHitAsync(cached.InputTokens, cached.OutputTokens, clock.Elapsed, firstToken: null, replayed.Id);
            return new ReplyResponse(ToResponse(replayed, hit), turn.Context, hit);
        }

        ConversationMessage? message = null;
        var reply = await call.CompleteAsync(Prompt(turn), cancellationToken, async text => (message = await SaveReplyAsync(turn, text)).Id);
        await CacheAsync(turn, reply);
        return new ReplyResponse(ToResponse(message!, reply.Usage), turn.Context, reply.Usage);
    }

    /// <summary>The reply as events; a client that goes away cancels <paramref name="cancellationToken"/> and with it the upstream call.</summary>
    public async IAsyncEnumerable<TurnEvent> StreamAsync(PreparedTurn turn, MeteredCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
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

            var replayed = await SaveReplyAsync(turn, cached.Text);
            var hit = await call.RecordCacheHitAsync(cached.InputTokens, cached.OutputTokens, clock.Elapsed, clock.Elapsed, replayed.Id);
            yield return new UsageEvent(hit);
            yield return new DoneEvent(replayed.Id);
            yield break;
        }

        await foreach (var item in call.StreamAsync(Prompt(turn), async text => (await SaveReplyAsync(turn, text)).Id, cancellationToken))
        {
            switch (item)
            {
                case ModelDelta delta:
                    yield return new DeltaEvent(delta.Text);
                    break;
                case ModelStreamEnd { Failure: { } failure } end:
                    yield return new UsageEvent(end.Reply.Usage);
                    yield return new ErrorEvent(failure.Status, "The model provider failed", failure.Message);
                    break;
                case ModelStreamEnd { Reply.MessageId: { } messageId } end:
                    yield return new UsageEvent(end.Reply.Usage);
                    await CacheAsync(turn, end.Reply);
                    yield return new DoneEvent(messageId);
                    break;
            }
        }
    }

    private async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> lookup)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await lookup(scope.ServiceProvider.GetRequiredService<TService>());
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

    private static ModelPrompt Prompt(PreparedTurn turn) => new(
        turn.Prompt.Messages, new ChatOptions { MaxOutputTokens = turn.Model.MaxOutputTokens, Temperature = turn.Model.Temperature }, turn.Prompt.PromptTokens);

    private Task CacheAsync(PreparedTurn turn, ModelReply reply) => turn.CacheKey is null
        ? Task.CompletedTask
        : replies.SetAsync(turn.CacheKey, new CachedReply(reply.Text, reply.Usage.InputTokens, reply.Usage.OutputTokens));

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
}
