using BujjiCoder.Api.Http;
using BujjiCoder.Api.Uploads;
using BujjiCoder.Api.Workspaces.Files;
using Microsoft.AspNetCore.Mvc;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>Why an import failed, as the problem details both the synchronous answer and a failed job carry.</summary>
internal static class ImportFailure
{
    public static ProblemDetails From(Exception failure)
    {
        switch (failure)
        {
            case ArchiveRejectedException rejected:
                var (status, slug, title) = rejected.Problem switch
                {
                    ArchiveProblem.Unsafe => (StatusCodes.Status400BadRequest, "unsafe-archive", "The archive has unsafe entries"),
                    ArchiveProblem.Invalid => (StatusCodes.Status400BadRequest, "invalid-archive", "The archive cannot be read"),
                    ArchiveProblem.Bomb => (StatusCodes.Status413PayloadTooLarge, "archive-bomb", "The archive expands too much"),
                    ArchiveProblem.TooManyEntries => (StatusCodes.Status413PayloadTooLarge, "too-many-entries", "The archive has too many entries"),
                    _ => (StatusCodes.Status413PayloadTooLarge, "too-large", "Too large"),
                };
                var problem = Problem(status, slug, title, rejected.Message + " Nothing was imported.");
                if (rejected.Entries.Count > 0)
                {
                    problem.Extensions["rejected"] = rejected.Entries.Take(1000).Select(e => new ImportEntry(e.Path, e.Reason)).ToList();
                }

                return problem;
            case UploadRefusedException refused:
                return refused.Refusal.ToProblemDetails();
            case WorkspaceChangeException change:
                return WorkspaceProblems.From(change).ProblemDetails;
            default:
                return Problem(StatusCodes.Status500InternalServerError, "import-failed", "The import failed", "The import failed; nothing was imported.");
        }
    }

    /// <summary>An import that never finished because the server running it stopped or went away.</summary>
    public static ProblemDetails Interrupted(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "import-interrupted", "The import was interrupted", detail + " Nothing was imported; upload it again.");

    private static ProblemDetails Problem(int status, string slug, string title, string detail) =>
        Problems.Create(status, slug, title, detail).ProblemDetails;
}
