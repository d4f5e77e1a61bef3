using System.Net.ServerSentEvents;
using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Api.Workspaces;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
        api.MapGet("/workspaces/{ws:guid}/conversations", ListAsync).WithTags("Chat").RequireAuthorization(Permissions.ChatUse)
            .Produces<PagedResult<ConversationResponse>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/workspaces/{ws:guid}/conversations", CreateAsync).WithTags("Chat").RequireAuthorization(Permissions.ChatUse)
            .Produces<ConversationResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/conversations/{id:guid}", GetAsync).WithTags("Chat").RequireAuthorization(Permissions.ChatUse)
            .Produces<ConversationWithMessages>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/conversations/{id:guid}", DeleteAsync).WithTags("Chat").RequireAuthorization(Permissions.ChatUse)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        // 429 is also budget-exceeded (with limit and resetsAt); 502, 503 and 504 are the provider failing, keyless or silent.
        api.MapPost("/conversations/{id:guid}/messages", SendAsync).WithTags("Chat").RequireAuthorization(Permissions.ChatUse).WithRateLimitGroup(RateLimitGroups.Chat)
            .Produces<ReplyResponse>()
            .ProducesEventStream("With Accept: text/event-stream, the reply as Server-Sent Events whose data is JSON: context (ContextEvent), "
                + "delta (DeltaEvent, repeated), usage (TurnUsage), done (DoneEvent); or error (ErrorEvent) when the provider fails after the stream began.",
                typeof(ContextEvent), typeof(DeltaEvent), typeof(TurnUsage), typeof(DoneEvent), typeof(ErrorEvent))
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout)
            .WithRequestTimeout(RequestLimits.LlmTimeout);
        return api;
    }

    private static async Task<IResult> ListAsync(
        Guid ws, [AsParameters] PageRequest paging, ClaimsPrincipal caller, WorkspaceAccessor access, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var gate = await access.AuthorizeAsync(caller, ws, WorkspaceOperations.Read);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        var mine = db.Conversations.AsNoTracking().Where(c => c.WorkspaceId == ws && c.UserId == gate.UserId);
        var total = await mine.CountAsync(cancellationToken);
        var items = await mine.OrderByDescending(c => c.UpdatedAt).Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new ConversationResponse(c.Id, c.WorkspaceId, c.Title, c.Model, c.CreatedAt, c.UpdatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<ConversationResponse>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<IResult> CreateAsync(
        Guid ws, CreateConversationRequest request, ClaimsPrincipal caller, WorkspaceAccessor access, [FromServices] BujjiDbContext db,
        IOptions<LlmOptions> llm, TimeProvider time, CancellationToken cancellationToken)
    {
        var gate = await access.AuthorizeAsync(caller, ws, WorkspaceOperations.Read);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        if (ModelFor(caller, llm.Value, request.Model) is not { } model)
        {
            return UnknownModel(request.Model);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(), WorkspaceId = ws, UserId = gate.UserId, Title = string.IsNullOrWhiteSpace(request.Title) ? "New conversation" : request.Title.Trim(),
            Model = model.Id, CreatedAt = now, UpdatedAt = now,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", ToResponse(conversation));
    }

    private static async Task<IResult> GetAsync(
        Guid id, ClaimsPrincipal caller, WorkspaceAccessor access, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var conversation = await FindAsync(id, caller, access, db, cancellationToken);
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

    private static async Task<IResult> DeleteAsync(
        Guid id, ClaimsPrincipal caller, WorkspaceAccessor access, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, caller, access, db, cancellationToken) is null)
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
    private static async Task<IResult> SendAsync(
        Guid id, SendMessageRequest request, HttpContext context, WorkspaceAccessor access, [FromServices] BujjiDbContext db, LlmConnections connections,
        BudgetGuard budgets, ChatTurn chat, IOptions<LlmOptions> llm, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.User;
        var conversation = await FindAsync(id, caller, access, db, cancellationToken);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }

        if (ModelFor(caller, llm.Value, request.Model ?? conversation.Model) is not { } model)
        {
            return UnknownModel(request.Model ?? conversation.Model);
        }

        // Before anything is saved or retrieved: over budget, the question is not kept and no model is asked (streamed or not).
        if (await budgets.CheckAsync(caller, conversation.UserId, cancellationToken) is { } overBudget)
        {
            return BudgetProblems.Exceeded(overBudget);
        }

        var connection = await connections.ResolveAsync(conversation.UserId, model, cancellationToken);
        if (connection is null)
        {
            return LlmProblems.NoKey(model.Provider);
        }

        var turn = await chat.PrepareAsync(conversation, conversation.UserId, model, connection, request.Content!, cancellationToken);
        db.ConversationMessages.Add(new ConversationMessage
        {
            Id = Guid.CreateVersion7(), ConversationId = id, Role = "user", Content = request.Content!, CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);

        if (context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.ServerSentEvents(Events(chat.StreamAsync(turn, context.RequestAborted)));
        }

        try
        {
            return TypedResults.Ok(await chat.CompleteAsync(turn, cancellationToken));
        }
        catch (LlmProviderException failure)
        {
            return LlmProblems.From(failure, context.Response);
        }
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

    /// <summary>The caller's conversation, while they can still read its workspace; null otherwise (404 either way).</summary>
    private static async Task<Conversation?> FindAsync(Guid id, ClaimsPrincipal caller, WorkspaceAccessor access, BujjiDbContext db, CancellationToken cancellationToken)
    {
        var userId = caller.FindFirstValue(TokenClaims.Subject);
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, cancellationToken);
        return conversation is not null && (await access.AuthorizeAsync(caller, conversation.WorkspaceId, WorkspaceOperations.Read)).Allowed ? conversation : null;
    }

    private static LlmModelOptions? ModelFor(ClaimsPrincipal caller, LlmOptions llm, string? id) =>
        llm.Find(id) is { } model && ModelEndpoints.MayUse(caller, model) ? model : null;

    private static IResult UnknownModel(string? id) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [$"'{id ?? "(default)"}' is not a model you may use; see GET /api/v1/models."] });

    private static ConversationResponse ToResponse(Conversation c) => new(c.Id, c.WorkspaceId, c.Title, c.Model, c.CreatedAt, c.UpdatedAt);
}
