using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Workspaces;
using BujjiCoder.Api.Workspaces.Files;
using Microsoft.FeatureManagement.AspNetCore;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Completion;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Completion;

/// <summary>
/// Code completion at a cursor: names from the workspace's definitions and the buffer (fast, no model), and, when a
/// completion model is configured, one suggestion from it ranked first. Needs read access to the workspace (404
/// otherwise) and the chat permission, since it may spend model tokens on the caller's behalf.
/// </summary>
internal static class CompletionEndpoints
{
    private const int DefaultLimit = 20;

    public static RouteGroupBuilder MapCompletionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{ws:guid}/completion", CompleteAsync).WithTags("Completion").RequireAuthorization(Permissions.ChatUse)
            .Produces<CompletionResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithFeatureGate(FeatureFlags.Completion).WithCodeBodyLimit().WithRequestTimeout(RequestLimits.LlmTimeout);
        return api;
    }

    private static async Task<IResult> CompleteAsync(
        Guid ws, CompletionRequest request, HttpContext context, WorkspaceAccessor access, WorkspaceStore store, SymbolCandidates symbols,
        LlmSuggestion llm, CancellationToken cancellationToken)
    {
        if (!WorkspacePath.TryNormalize(request.Path, out var path, out var error))
        {
            return WorkspaceProblems.InvalidPath(error);
        }

        var gate = await access.AuthorizeAsync(context.User, ws, WorkspaceOperations.Read);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        var text = request.Content;
        if (text is null)
        {
            var stored = await store.ReadAsync(ws, path, cancellationToken);
            if (stored is null)
            {
                return WorkspaceProblems.FileNotFound(path);
            }

            if (stored.Text is null)
            {
                return WorkspaceProblems.BinaryFile(path);
            }

            text = stored.Text;
        }

        if (CursorText.At(text, request.Line, request.Column) is not { } cursor)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["position"] = [$"Line {request.Line}, column {request.Column} is past the end of the text."],
            });
        }

        // The model call runs while the database answers the fast path; it has its own time budget.
        var suggestion = request.Llm == false ? null : await llm.StartAsync(context.User, gate.UserId, ws, path, cursor, cancellationToken);
        var candidates = cursor.Prefix.Length == 0 ? [] : await symbols.FindAsync(ws, cursor.Prefix, cancellationToken);
        var limit = request.Limit ?? DefaultLimit;
        var items = CompletionRanker.Rank(cursor, path, candidates, limit);
        if (suggestion is not null && await suggestion is { } suggested)
        {
            items = [suggested, .. items.Where(item => item.Text != suggested.Text).Take(limit - 1)];
        }

        return TypedResults.Ok(new CompletionResponse(items));
    }
}
