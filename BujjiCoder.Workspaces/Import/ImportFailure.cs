using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Uploads;

namespace BujjiCoder.Workspaces.Import;

/// <summary>Why an import failed, as the problem both the synchronous answer and a failed job carry.</summary>
public static class ImportFailure
{
    private const int ListedRejections = 1000;

    public static ImportProblem From(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        switch (failure)
        {
            case ArchiveRejectedException rejected:
                var (status, slug, title) = rejected.Problem switch
                {
                    ArchiveProblem.Unsafe => (400, "unsafe-archive", "The archive has unsafe entries"),
                    ArchiveProblem.Invalid => (400, "invalid-archive", "The archive cannot be read"),
                    ArchiveProblem.Bomb => (413, "archive-bomb", "The archive expands too much"),
                    ArchiveProblem.TooManyEntries => (413, "too-many-entries", "The archive has too many entries"),
                    _ => (413, "too-large", "Too large"),
                };
                return new ImportProblem(status, slug, title, rejected.Message + " Nothing was imported.")
                {
                    Rejected = rejected.Entries.Count > 0 ? [.. rejected.Entries.Take(ListedRejections).Select(e => new ImportEntry(e.Path, e.Reason))] : null,
                };
            case UploadRefusedException refused:
                var refusal = refused.Refusal;
                return new ImportProblem(refusal.Status, refusal.Slug, refusal.Title, refusal.Detail) { Signature = refusal.Signature };
            case WorkspaceChangeException change:
                // An import writes new content without preconditions, so only these can stop it: the workspace was
                // deleted meanwhile, a limit was reached, or a path clashes with a file the workspace already has.
                return change.Failure switch
                {
                    ChangeFailure.WorkspaceNotFound => new ImportProblem(404, "workspace-not-found", "Workspace not found", change.Message),
                    ChangeFailure.LimitExceeded => new ImportProblem(413, "too-large", "Too large", change.Message),
                    _ => new ImportProblem(409, "conflict", "Conflict", change.Message),
                };
            default:
                return new ImportProblem(500, "import-failed", "The import failed", "The import failed; nothing was imported.");
        }
    }

    /// <summary>An import that never finished because the servers running it kept stopping.</summary>
    public static ImportProblem Interrupted(string detail) =>
        new(503, "import-interrupted", "The import was interrupted", detail + " Nothing was imported; upload it again.");
}
