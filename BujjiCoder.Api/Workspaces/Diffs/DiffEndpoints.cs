using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Diffs;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Workspaces.Diffs;

/// <summary>Unified diffs against a workspace: preview what would happen, or apply all files atomically.</summary>
internal static class DiffEndpoints
{
    public static RouteGroupBuilder MapDiffEndpoints(this RouteGroupBuilder workspaces)
    {
        workspaces.MapPost("/{ws:guid}/diff/preview", PreviewAsync).WithCodeBodyLimit()
            .Produces<DiffPreview>().ProducesProblem(StatusCodes.Status404NotFound);
        workspaces.MapPost("/{ws:guid}/diff/apply", ApplyAsync).WithCodeBodyLimit()
            .Produces<DiffApplied>()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed);
        return workspaces;
    }

    private static async Task<IResult> PreviewAsync(
        Guid ws, DiffRequest request, HttpContext context, WorkspaceAccessor access, WorkspaceStore store, CancellationToken cancellationToken)
    {
        var patches = DiffPlan.Parse(request.Diff!, out var error);
        if (error is not null)
        {
            return InvalidDiff(error);
        }

        var gate = await access.AuthorizeAsync(context.User, ws, WorkspaceOperations.Read);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        var plan = await DiffPlan.EvaluateAsync(patches, async path =>
        {
            var stored = await store.ReadAsync(ws, path, cancellationToken);
            return (stored is not null, stored?.Text);
        });
        return TypedResults.Ok(new DiffPreview(plan.All(p => p.Preview.Applies), [.. plan.Select(p => p.Preview)]));
    }

    /// <summary>Files are read and written under the workspace's lock: either every file applies and one revision records them all, or 409 and nothing changes.</summary>
    private static async Task<IResult> ApplyAsync(
        Guid ws, DiffRequest request, HttpContext context, WorkspaceAccessor access, WorkspaceStore store, CancellationToken cancellationToken)
    {
        var patches = DiffPlan.Parse(request.Diff!, out var error);
        if (error is not null)
        {
            return InvalidDiff(error);
        }

        var gate = await access.AuthorizeAsync(context.User, ws, WorkspaceOperations.Write);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        IReadOnlyList<FilePreview> files = [];
        try
        {
            var message = request.Message ?? $"Apply diff to {patches.Count} file(s)";
            var revision = await store.ChangeAsync(ws, gate.UserId, RevisionKind.Diff, message, async change =>
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

    private static IResult InvalidDiff(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-diff", "Invalid diff", detail);

    private sealed class DiffConflictException(IReadOnlyList<FilePreview> files) : Exception("The diff does not apply.")
    {
        public IReadOnlyList<FilePreview> Files { get; } = files;
    }
}
