using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BujjiCoder.Api.Workspaces.Rules;

public sealed record RulesRequest(
    [property: Required(AllowEmptyStrings = true), StringLength(RulesEndpoints.MaxLength), NoNulCharacter] string? Text,
    [property: StringLength(2000), NoNulCharacter] string? Message = null);

internal sealed record RulesResponse(string Text, string? Etag);

/// <summary>
/// The workspace's rules text (conventions the assistant must follow), injected into every prompt. It is
/// versioned like a file: each change is a revision (path ":rules") that can be diffed and reverted.
/// </summary>
internal static class RulesEndpoints
{
    public const int MaxLength = 65_536;

    public static RouteGroupBuilder MapRulesEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/rules", GetAsync)
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The rules' version, when there are rules.");
        workspace.MapPut("/rules", PutAsync).RequiresWorkspace(WorkspaceOperations.Write)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed)
            .WithRequestHeader("If-Match", "Replace only if the rules are still at this ETag (412 otherwise).")
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The new rules' version, unless they were removed.");
        return workspace;
    }

    private static async Task<Ok<RulesResponse>> GetAsync(Guid ws, HttpContext context, WorkspaceStore store, CancellationToken cancellationToken)
    {
        var rules = await store.ReadRulesAsync(ws, cancellationToken);
        if (rules is not null)
        {
            context.Response.Headers.ETag = ETags.For(rules.Hash);
        }

        return TypedResults.Ok(new RulesResponse(rules?.Text ?? string.Empty, rules is null ? null : ETags.For(rules.Hash)));
    }

    /// <summary>Replaces the rules; an empty text removes them. <c>If-Match</c> makes it conditional like a file write.</summary>
    private static async Task<Results<Ok<RulesResponse>, ProblemHttpResult>> PutAsync(
        Guid ws, RulesRequest request, WorkspaceCaller caller, HttpContext context, WorkspaceStore store, CancellationToken cancellationToken)
    {
        var expected = ETags.Parse(context.Request.Headers.IfMatch);
        var content = FileContent.FromText(request.Text!);
        try
        {
            await store.ChangeAsync(ws, caller.UserId, RevisionKind.Rules, request.Message ?? "Update rules", async change =>
            {
                if (content.Size > 0)
                {
                    await change.WriteAsync(WorkspaceStore.RulesPath, content, cancellationToken, expected);
                }
                else if (await change.HashOfAsync(WorkspaceStore.RulesPath, cancellationToken) is not null)
                {
                    await change.DeleteAsync(WorkspaceStore.RulesPath, cancellationToken, expected);
                }
                else if (expected is not null)
                {
                    throw new WorkspaceChangeException(ChangeFailure.PreconditionFailed, "The workspace has no rules to match.", WorkspaceStore.RulesPath);
                }
            }, cancellationToken);
        }
        catch (WorkspaceChangeException failure)
        {
            return WorkspaceProblems.From(failure);
        }

        var etag = content.Size > 0 ? ETags.For(content.Hash) : null;
        if (etag is not null)
        {
            context.Response.Headers.ETag = etag;
        }

        return TypedResults.Ok(new RulesResponse(request.Text!, etag));
    }
}
