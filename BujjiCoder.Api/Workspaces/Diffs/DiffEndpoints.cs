using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Diffs;
using BujjiCoder.Workspaces.Files;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BujjiCoder.Api.Workspaces.Diffs;

/// <summary>Unified diffs against a workspace: preview what would happen, or apply all files atomically.</summary>
internal static class DiffEndpoints
{
    public static RouteGroupBuilder MapDiffEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapPost("/diff/preview", PreviewAsync).WithCodeBodyLimit();
        workspace.MapPost("/diff/apply", ApplyAsync).RequiresWorkspace(WorkspaceOperations.Write).WithCodeBodyLimit()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed);
        return workspace;
    }

    private static async Task<Results<Ok<DiffPreview>, ProblemHttpResult>> PreviewAsync(
        Guid ws, DiffRequest request, WorkspaceStore store, CancellationToken cancellationToken)
    {
        var patches = DiffPlan.Parse(request.Diff!, out var error);
        if (error is not null)
        {
            return InvalidDiff(error);
        }

        var plan = await DiffPlan.EvaluateAsync(patches, async path =>
        {
            var stored = await store.ReadAsync(ws, path, cancellationToken);
            return (stored is not null, stored?.Text);
        });
        return TypedResults.Ok(new DiffPreview(plan.All(p => p.Preview.Applies), [.. plan.Select(p => p.Preview)]));
    }

    /// <summary>Files are read and written under the workspace's lock: either every file applies and one revision records them all, or 409 and nothing changes.</summary>
    private static async Task<Results<Ok<DiffApplied>, ProblemHttpResult>> ApplyAsync(
        Guid ws, DiffRequest request, WorkspaceCaller caller, WorkspaceStore store, CancellationToken cancellationToken)
    {
        var patches = DiffPlan.Parse(request.Diff!, out var error);
        if (error is not null)
        {
            return InvalidDiff(error);
        }

        IReadOnlyList<FilePreview> files = [];
        try
        {
            var message = request.Message ?? $"Apply diff to {patches.Count} file(s)";
            var revision = await store.ChangeAsync(ws, caller.UserId, RevisionKind.Diff, message, async change =>
            {
                var plan = await DiffPlan.EvaluateAsync(patches, async path =>
                {
                    var blob = await change.ReadAsync(path, cancellationToken);
                    return (blob is not null, blob?.Text);
                });
                files = [.. plan.Select(p => p.Preview)];
                if (plan.Any(p => !p.Result.Applies))
                {
                    throw new DiffConflictException(files);
                }

                await DiffPlan.ApplyAsync(change, plan, cancellationToken);
            }, cancellationToken);
            return TypedResults.Ok(new DiffApplied(revision?.Id, files));
        }
        catch (DiffConflictException conflict)
        {
            var problem = Problems.Conflict("diff-conflict", "The diff does not apply",
                "At least one file does not match the diff; nothing was changed. See files for the conflicts.");
            problem.ProblemDetails.Extensions["files"] = conflict.Files.Where(f => !f.Applies).ToList();
            return problem;
        }
        catch (WorkspaceChangeException failure)
        {
            return WorkspaceProblems.From(failure);
        }
    }

    private static ProblemHttpResult InvalidDiff(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-diff", "Invalid diff", detail);

    private sealed class DiffConflictException(IReadOnlyList<FilePreview> files) : Exception("The diff does not apply.")
    {
        public IReadOnlyList<FilePreview> Files { get; } = files;
    }
}
