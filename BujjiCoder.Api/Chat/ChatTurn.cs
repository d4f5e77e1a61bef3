using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Chat;

/// <summary>
/// Everything one turn needs besides the opened model call: the model, the files its prompt holds, and either the reply
/// from the cache (<see cref="Hit"/>) or the prompt to send. A hit found through the shortcut has no prompt: none was built.
/// </summary>
internal sealed record PreparedTurn(
    Conversation Conversation, LlmModelOptions Model, IReadOnlyList<ContextFile> Context, PromptPlan? Prompt, CachedReply? Hit, string? CacheKey, string? ShortcutKey);

/// <summary>The workspace as a prompt sees it: its revision and its rules.</summary>
/// <summary>
/// The workspace as a turn reads it. Its head revision by id, not number: a database restored from a backup numbers the
/// next revisions again, and a reply cached for the old revision 11 must not answer for the new one.
/// </summary>
internal sealed record WorkspaceState(Guid? HeadRevision, string? RulesHash, string? Rules);

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
/// Preparing reads the workspace's rules, the history and the retrieved code at once, each on a DbContext of its own, and
/// leaves this one (the request's) free: the caller saves the question on it meanwhile. For a cacheable model it first
/// asks the reply cache's shortcut (see <see cref="ReplyCache"/>), so a hit costs neither retrieval nor prompt building.
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
        var ws = conversation.WorkspaceId;
        var state = scopes.InScopeAsync<BujjiDbContext, WorkspaceState>(db => db.Workspaces.AsNoTracking().Where(w => w.Id == ws)
            .Select(w => new WorkspaceState(
                db.WorkspaceRevisions.Where(r => r.WorkspaceId == w.Id && r.Number == w.RevisionCount).Select(r => (Guid?)r.Id).FirstOrDefault(),
                w.RulesHash,
                db.FileBlobs.Where(b => b.Hash == w.RulesHash).Select(b => b.Text).FirstOrDefault()))
            .SingleAsync(cancellationToken));
        var history = scopes.InScopeAsync<BujjiDbContext, List<HistoryMessage>>(db => db.ConversationMessages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Id != questionId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new HistoryMessage(m.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, m.Content)).ToListAsync(cancellationToken));
        if (!model.Cacheable)
        {
            var found = retriever.RetrieveAsync(ws, question, cancellationToken);
            await Task.WhenAll(state, history, found);
            return await BuildAsync(conversation, model, (await state).Rules, await found, await history, question, shortcutKey: null, known: null, cancellationToken);
        }

        // The shortcut is asked before retrieval starts, not beside it: a hit then costs no search at all. Started beside it
        // and cancelled on a hit (a cancel request to PostgreSQL per search under way), a hit was measured no faster than a
        // miss, while asking first costs a miss one cache look-up (memory, else one Redis round trip). Retrieval
        // also starts only once the revision is known, so it sees that revision or a later one: a shortcut never names a
        // reply grounded on code older than the revision in its key.
        await Task.WhenAll(state, history);
        var shortcutKey = await replies.ShortcutKeyAsync(model, new PromptInputs(ws, (await state).HeadRevision, (await state).RulesHash, await history, question));
        var shortcut = shortcutKey is null ? null : await replies.GetShortcutAsync(shortcutKey, cancellationToken);
        if (shortcut is not null && await replies.GetAsync(shortcut.ReplyKey, cancellationToken) is { } hit)
        {
            return new PreparedTurn(conversation, model, shortcut.Context, Prompt: null, hit, shortcut.ReplyKey, ShortcutKey: null);
        }

        var snippets = await retriever.RetrieveAsync(ws, question, cancellationToken);
        return await BuildAsync(conversation, model, (await state).Rules, snippets, await history, question, shortcutKey, shortcut?.ReplyKey, cancellationToken);
    }

    /// <param name="known">A reply key already looked up through the shortcut and missed: not asked again.</param>
    private async Task<PreparedTurn> BuildAsync(
        Conversation conversation, LlmModelOptions model, string? rules, IReadOnlyList<RetrievedSnippet> snippets, IReadOnlyList<HistoryMessage> history,
        string question, string? shortcutKey, string? known, CancellationToken cancellationToken)
    {
        var plan = prompts.Build(new PromptRequest(Instructions, rules, snippets, history, question, model.ContextWindow, model.MaxOutputTokens));
        var context = plan.IncludedSnippets.Select(s => new ContextFile(s.Path, s.StartLine, s.EndLine)).ToList();
        var cacheKey = await replies.KeyAsync(conversation.WorkspaceId, model, plan.Messages);
        var hit = cacheKey is not null && cacheKey != known ? await replies.GetAsync(cacheKey, cancellationToken) : null;
        return new PreparedTurn(conversation, model, context, plan, hit, cacheKey, shortcutKey);
    }

    /// <summary>The reply in one piece.</summary>
    public async Task<ReplyResponse> CompleteAsync(PreparedTurn turn, MeteredCall call, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (turn.Hit is { } cached)
        {
            var (replayed, hit) = await ReplayAsync(turn, call, cached, clock.Elapsed, firstToken: null);
            return new ReplyResponse(ToResponse(replayed, hit), turn.Context, hit);
        }

        ConversationMessage? message = null;
        var reply = await call.CompleteAsync(Prompt(turn), cancellationToken, async text => (message = await SaveReplyAsync(NewReply(turn, text))).Id);
        await CacheAsync(turn, reply);
        return new ReplyResponse(ToResponse(message!, reply.Usage), turn.Context, reply.Usage);
    }

    /// <summary>The reply as events; a client that goes away cancels <paramref name="cancellationToken"/> and with it the upstream call.</summary>
    public async IAsyncEnumerable<TurnEvent> StreamAsync(PreparedTurn turn, MeteredCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ContextEvent(turn.Context);
        var clock = Stopwatch.StartNew();
        if (turn.Hit is { } cached)
        {
            // Replayed as a stream, a few words per event, so a client cannot tell a hit from a fresh answer but by its speed.
            foreach (var piece in Pieces(cached.Text))
            {
                yield return new DeltaEvent(piece);
            }

            var (replayed, hit) = await ReplayAsync(turn, call, cached, clock.Elapsed, clock.Elapsed);
            yield return new UsageEvent(hit);
            yield return new DoneEvent(replayed.Id);
            yield break;
        }

        await foreach (var item in call.StreamAsync(Prompt(turn), async text => (await SaveReplyAsync(NewReply(turn, text))).Id, cancellationToken))
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

    /// <summary>
    /// Saves a cached reply as the turn's message and records the hit, both before the caller hears it is done. The usage
    /// record names the message but has no foreign key to it, so the two are written at once; a hit found the long way
    /// leaves a shortcut for the next.
    /// </summary>
    private async Task<(ConversationMessage Message, TurnUsage Usage)> ReplayAsync(
        PreparedTurn turn, MeteredCall call, CachedReply cached, TimeSpan latency, TimeSpan? firstToken)
    {
        var message = NewReply(turn, cached.Text);
        var usage = call.RecordCacheHitAsync(cached.InputTokens, cached.OutputTokens, latency, firstToken, message.Id);
        await Task.WhenAll(SaveReplyAsync(message), usage, RememberShortcutAsync(turn));
        return (message, await usage);
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

    private static ModelPrompt Prompt(PreparedTurn turn)
    {
        var prompt = turn.Prompt ?? throw new InvalidOperationException("A turn answered from the cache has no prompt to send.");
        return new ModelPrompt(
            prompt.Messages, new ChatOptions { MaxOutputTokens = turn.Model.MaxOutputTokens, Temperature = turn.Model.Temperature }, prompt.PromptTokens);
    }

    private async Task CacheAsync(PreparedTurn turn, ModelReply reply)
    {
        if (turn.CacheKey is not null)
        {
            await replies.SetAsync(turn.CacheKey, new CachedReply(reply.Text, reply.Usage.InputTokens, reply.Usage.OutputTokens));
            await RememberShortcutAsync(turn);
        }
    }

    private Task RememberShortcutAsync(PreparedTurn turn) => turn is { ShortcutKey: { } shortcut, CacheKey: { } key }
        ? replies.SetShortcutAsync(shortcut, new ReplyShortcut(key, turn.Context))
        : Task.CompletedTask;

    private ConversationMessage NewReply(PreparedTurn turn, string reply) => new()
    {
        Id = Guid.CreateVersion7(), ConversationId = turn.Conversation.Id, Role = "assistant", Content = reply, Model = turn.Model.Id,
        ContextJson = JsonSerializer.Serialize(turn.Context), CreatedAt = time.GetUtcNow().UtcDateTime,
    };

    /// <summary>The reply and the conversation's new UpdatedAt in one SaveChanges: one round trip, one transaction.</summary>
    private async Task<ConversationMessage> SaveReplyAsync(ConversationMessage message)
    {
        db.ConversationMessages.Add(message);
        var conversation = db.Conversations.Attach(new Conversation { Id = message.ConversationId, UserId = "", Title = "", Model = "" });
        conversation.Entity.UpdatedAt = message.CreatedAt;
        conversation.Property(c => c.UpdatedAt).IsModified = true;
        await db.SaveChangesAsync(CancellationToken.None);
        return message;
    }
}
