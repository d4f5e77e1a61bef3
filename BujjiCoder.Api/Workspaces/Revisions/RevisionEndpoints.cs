using System.Globalization;
using System.Text;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Workspaces.Diffs;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Diffs;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Workspaces.Revisions;

/// <summary>History of a workspace: list, one revision, its unified diff, and revert (which is itself a revision).</summary>
internal static class RevisionEndpoints
{
    /// <summary>A revision in a list shows this many of its files (an import can touch thousands); its own page shows all.</summary>
    private const int FilesInList = 100;

    /// <summary>A revision's diff shows at most this many files, and diffs no file pair larger than <see cref="MaxDiffedChars"/>: any reader may ask.</summary>
    private const int MaxDiffedFiles = 500;

    private const int MaxDiffedChars = 1024 * 1024;

    public static RouteGroupBuilder MapRevisionEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/revisions", ListAsync);
        workspace.MapGet("/revisions/{rev:guid}", GetAsync);
        workspace.MapGet("/revisions/{rev:guid}/diff", DiffAsync).Produces<string>(StatusCodes.Status200OK, "text/plain");
        workspace.MapPost("/revisions/{rev:guid}/revert", RevertAsync).RequiresWorkspace(WorkspaceOperations.Write)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        return workspace;
    }

    private static async Task<Ok<PagedResult<RevisionResponse>>> ListAsync(
        Guid ws, [AsParameters] PageRequest paging, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var revisions = db.WorkspaceRevisions.AsNoTracking().Where(r => r.WorkspaceId == ws);
        var total = await revisions.CountAsync(cancellationToken);
        var page = await revisions.OrderByDescending(r => r.Number).Skip(paging.Skip).Take(paging.PageSize)
            .Select(r => new { Revision = r, FileCount = r.Files.Count, Files = r.Files.OrderBy(f => f.Path).Take(FilesInList).ToList() })
            .ToListAsync(cancellationToken);
        var items = page.Select(x => ToResponse(x.Revision, x.FileCount, x.Files)).ToList();
        return TypedResults.Ok(new PagedResult<RevisionResponse>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Ok<RevisionResponse>, NotFound>> GetAsync(
        Guid ws, Guid rev, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var revision = await FindAsync(db, ws, rev, cancellationToken);
        return revision is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(revision, revision.Files.Count, revision.Files));
    }

    /// <summary>The revision as a git-style unified diff (binary files are named, not shown).</summary>
    private static async Task<Results<ContentHttpResult, NotFound>> DiffAsync(
        Guid ws, Guid rev, WorkspaceStore store, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var revision = await FindAsync(db, ws, rev, cancellationToken);
        if (revision is null)
        {
            return TypedResults.NotFound();
        }

        var diff = new StringBuilder();
        foreach (var file in revision.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Take(MaxDiffedFiles))
        {
            var before = await store.ReadBlobAsync(file.BeforeHash, cancellationToken);
            var after = await store.ReadBlobAsync(file.AfterHash, cancellationToken);
            var binary = (before is not null && before.Text is null) || (after is not null && after.Text is null);
            if (binary || (before?.Text?.Length ?? 0) + (after?.Text?.Length ?? 0) > MaxDiffedChars)
            {
                var kind = binary ? "Binary files" : "Large files (not diffed)";
                diff.Append(CultureInfo.InvariantCulture, $"{kind} {(before is null ? "/dev/null" : "a/" + file.Path)} and {(after is null ? "/dev/null" : "b/" + file.Path)} differ\n");
                continue;
            }

            diff.Append(UnifiedDiffWriter.Write(
                before is null ? null : file.Path, after is null ? null : file.Path, before?.Text, after?.Text));
        }

        if (revision.Files.Count > MaxDiffedFiles)
        {
            diff.Append(CultureInfo.InvariantCulture, $"# {revision.Files.Count - MaxDiffedFiles} more file(s) not shown; see the revision's file list.\n");
        }

        return TypedResults.Text(diff.ToString(), "text/plain; charset=utf-8");
    }

    /// <summary>
    /// Puts every file of the revision back as it was before it. A file changed again since then is a conflict
    /// (409) and nothing is reverted: reverting would silently throw that later change away.
    /// </summary>
    private static async Task<Results<Ok<RevisionResponse>, NotFound, ProblemHttpResult>> RevertAsync(
        Guid ws, Guid rev, WorkspaceCaller caller, WorkspaceStore store, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var target = await FindAsync(db, ws, rev, cancellationToken);
        if (target is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var revision = await store.ChangeAsync(ws, caller.UserId, RevisionKind.Revert, $"Revert revision {target.Number}: {target.Message}", async change =>
            {
                // Deletions first, so a revert at the file limit does not trip over it halfway.
                foreach (var file in target.Files.OrderBy(f => f.BeforeHash is null ? 0 : 1))
                {
                    if (await change.HashOfAsync(file.Path, cancellationToken) != file.AfterHash)
                    {
                        throw new WorkspaceChangeException(ChangeFailure.Conflict,
                            $"'{file.Path}' has changed since revision {target.Number}; revert the later revisions first.", file.Path);
                    }

                    if (file.BeforeHash is null)
                    {
                        await change.DeleteAsync(file.Path, cancellationToken);
                    }
                    else
                    {
                        var blob = (await store.ReadBlobAsync(file.BeforeHash, cancellationToken))!;
                        await change.WriteAsync(file.Path, FileContent.From(FileContent.BytesOf(blob.Text, blob.Data)), cancellationToken);
                    }
                }
            }, cancellationToken, revertOf: target.Id);
            return revision is null
                ? Problems.Conflict("nothing-to-revert", "Nothing to revert", "The revision changed nothing.")
                : TypedResults.Ok(ToResponse(revision, revision.Files.Count, revision.Files));
        }
        catch (WorkspaceChangeException failure)
        {
            return WorkspaceProblems.From(failure);
        }
    }

    private static Task<WorkspaceRevision?> FindAsync(BujjiDbContext db, Guid ws, Guid rev, CancellationToken cancellationToken) =>
        db.WorkspaceRevisions.AsNoTracking().Include(r => r.Files).SingleOrDefaultAsync(r => r.WorkspaceId == ws && r.Id == rev, cancellationToken);

    private static RevisionResponse ToResponse(WorkspaceRevision revision, int fileCount, IEnumerable<RevisionFile> files) => new(
        revision.Id, revision.Number, revision.At, revision.AuthorId, revision.Message, revision.Kind, revision.RevertOf, fileCount,
        [.. files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(RevisionFileResponse.From)]);
}
