using System.Net.ServerSentEvents;
using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Api.Workspaces;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Chat;

/// <summary>
/// Conversations belong to the user who started them and to a workspace they can read: anyone else, or someone who
/// has since left the workspace, gets 404.
/// </summary>
internal static class ConversationEndpoints
{
    public static RouteGroupBuilder MapConversationEndpoints(this RouteGroupBuilder api)
    {
        var workspace = api.MapWorkspace().WithTags("Chat").RequireAuthorization(Permissions.ChatUse);
        workspace.MapGet("/conversations", ListAsync);
        workspace.MapPost("/conversations", CreateAsync);

        // A conversation's workspace comes from the conversation, not the route: FindAsync asks the workspace gate's check itself.
        var conversations = api.MapGroup("/conversations/{id:guid}").WithTags("Chat").RequireAuthorization(Permissions.ChatUse);
        conversations.MapGet("", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        conversations.MapDelete("", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        // 429 is also budget-exceeded (with limit and resetsAt); 502, 503 and 504 are the provider failing, keyless or silent.
        conversations.MapPost("/messages", SendAsync).WithRateLimitGroup(RateLimitGroups.Chat)
            // Named again: the stream's own metadata would otherwise replace the JSON reply as the 200 the document shows.
            .Produces<ReplyResponse>()
            .ProducesEventStream("With Accept: text/event-stream, the reply as Server-Sent Events whose data is JSON: context (ContextEvent), "
                + "delta (DeltaEvent, repeated), usage (TurnUsage), done (DoneEvent); or error (ErrorEvent) when the provider fails after the stream began.",
                typeof(ContextEvent), typeof(DeltaEvent), typeof(TurnUsage), typeof(DoneEvent), typeof(ErrorEvent))
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout)
            .WithRequestTimeout(RequestLimits.LlmTimeout);
        return api;
    }

    private static async Task<Ok<PagedResult<ConversationResponse>>> ListAsync(
        Guid ws, [AsParameters] PageRequest paging, WorkspaceCaller caller, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var mine = db.Conversations.AsNoTracking().Where(c => c.WorkspaceId == ws && c.UserId == caller.UserId);
        var total = await mine.CountAsync(cancellationToken);
        var items = await mine.OrderByDescending(c => c.UpdatedAt).Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new ConversationResponse(c.Id, c.WorkspaceId, c.Title, c.Model, c.CreatedAt, c.UpdatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<ConversationResponse>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Created<ConversationResponse>, ValidationProblem>> CreateAsync(
        Guid ws, CreateConversationRequest request, WorkspaceCaller caller, ClaimsPrincipal user, [FromServices] BujjiDbContext db, ModelCalls calls, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (calls.Choose(user, request.Model) is not { } model)
        {
            return UnknownModel(request.Model);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(), WorkspaceId = ws, UserId = caller.UserId, Title = string.IsNullOrWhiteSpace(request.Title) ? "New conversation" : request.Title.Trim(),
            Model = model.Id, CreatedAt = now, UpdatedAt = now,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", ToResponse(conversation));
    }

    private static async Task<Results<Ok<ConversationWithMessages>, NotFound>> GetAsync(
        Guid id, HttpContext context, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var conversation = await FindAsync(id, context, db, cancellationToken);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }

        var messages = await db.ConversationMessages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var replies = messages.Where(m => m.Role == "assistant").Select(m => (Guid?)m.Id).ToList();
        var usage = (await db.UsageRecords.AsNoTracking().Where(u => replies.Contains(u.MessageId)).ToListAsync(cancellationToken))
            .ToDictionary(u => u.MessageId!.Value, TurnUsage.From);
        return TypedResults.Ok(new ConversationWithMessages(
            conversation.Id, conversation.WorkspaceId, conversation.Title, conversation.Model, conversation.CreatedAt, conversation.UpdatedAt,
            [.. messages.Select(m => ChatTurn.ToResponse(m, usage.GetValueOrDefault(m.Id)))]));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, HttpContext context, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, context, db, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        await db.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Saves the question, then answers it: as Server-Sent Events when the caller accepts <c>text/event-stream</c>
    /// (context, delta…, usage, done — or error), else as one JSON reply.
    /// </summary>
    private static async Task<Results<Ok<ReplyResponse>, ServerSentEventsResult<object>, NotFound, ValidationProblem, ProblemHttpResult>> SendAsync(
        Guid id, SendMessageRequest request, HttpContext context, [FromServices] BujjiDbContext db, ModelCalls calls, ChatTurn chat, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = context.User;
        var conversation = await FindAsync(id, context, db, cancellationToken);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }

        if (calls.Choose(caller, request.Model ?? conversation.Model) is not { } model)
        {
            return UnknownModel(request.Model ?? conversation.Model);
        }

        // Opening the call (budget, key) and preparing the prompt (rules, history, retrieval) read different things, each
        // on DbContexts of their own: they run at once. Over budget or keyless, the question is not kept and no model is
        // asked (streamed or not); what preparing read is dropped.
        var questionId = Guid.CreateVersion7();
        using var stopPreparing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var preparing = chat.PrepareAsync(conversation, model, request.Content!, questionId, stopPreparing.Token);
        ModelCallOpening opening;
        try
        {
            opening = await calls.OpenAsync(
                new ModelCallRequest(caller, conversation.UserId, conversation.WorkspaceId, "chat", conversation.Id), model, cancellationToken);
        }
        catch
        {
            await AbandonAsync(preparing, stopPreparing);
            throw;
        }

        if (opening.Refused)
        {
            await AbandonAsync(preparing, stopPreparing);
            return opening.Refusal.ToProblem(context.Response);
        }

        // The question is saved (on the request's DbContext) while retrieval goes on, and both are done before any of the
        // reply is sent: a client never sees an answer to a question that is not stored.
        db.ConversationMessages.Add(new ConversationMessage
        {
            Id = questionId, ConversationId = id, Role = "user", Content = request.Content!, CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        var saving = db.SaveChangesAsync(cancellationToken);
        await Task.WhenAll(saving, preparing);
        var turn = await preparing;

        if (context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.ServerSentEvents(Events(chat.StreamAsync(turn, opening.Call, context.RequestAborted)));
        }

        try
        {
            return TypedResults.Ok(await chat.CompleteAsync(turn, opening.Call, cancellationToken));
        }
        catch (LlmProviderException failure)
        {
            return LlmProblems.From(failure, context.Response);
        }
    }

    /// <summary>
    /// Preparing is of no use once the call is refused or failed: stopped, and waited for, so none of this request's reads
    /// outlive it (whether they failed no longer matters).
    /// </summary>
    private static async Task AbandonAsync(Task preparing, CancellationTokenSource stop)
    {
        await stop.CancelAsync();
        await preparing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(IAsyncEnumerable<TurnEvent> events)
    {
        await foreach (var item in events)
        {
            yield return item switch
            {
                // The records themselves, as the OpenAPI document publishes them (ProducesEventStream).
                ContextEvent c => new SseItem<object>(c, "context"),
                DeltaEvent d => new SseItem<object>(d, "delta"),
                UsageEvent u => new SseItem<object>(u.Usage, "usage"),
                DoneEvent d => new SseItem<object>(d, "done"),
                ErrorEvent e => new SseItem<object>(e, "error"),
                _ => throw new InvalidOperationException($"Unknown event {item}"),
            };
        }
    }

    /// <summary>
    /// The caller's conversation, while the workspace gate still lets them read its workspace; null otherwise (404 either
    /// way, so an id says nothing about whose it is).
    /// </summary>
    private static async Task<Conversation?> FindAsync(Guid id, HttpContext context, BujjiDbContext db, CancellationToken cancellationToken)
    {
        var userId = context.User.FindFirstValue(TokenClaims.Subject);
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, cancellationToken);
        return conversation is not null
            && (await WorkspaceGateFilter.AdmitAsync(context.RequestServices, context.User, conversation.WorkspaceId, WorkspaceOperations.Read)).Caller is not null
            ? conversation
            : null;
    }

    private static ValidationProblem UnknownModel(string? id) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [$"'{id ?? "(default)"}' is not a model you may use; see GET /api/v1/models."] });

    private static ConversationResponse ToResponse(Conversation c) => new(c.Id, c.WorkspaceId, c.Title, c.Model, c.CreatedAt, c.UpdatedAt);
}
