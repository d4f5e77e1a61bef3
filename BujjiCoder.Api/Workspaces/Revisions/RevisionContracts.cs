using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces;

namespace BujjiCoder.Api.Workspaces.Revisions;

internal sealed record RevisionResponse(
    Guid Id, long Number, DateTime At, string AuthorId, string Message, RevisionKind Kind, Guid? RevertOf, int FileCount, IReadOnlyList<RevisionFileResponse> Files);

/// <summary>One changed path: <c>change</c> is added, modified or deleted; hashes are the content before and after.</summary>
internal sealed record RevisionFileResponse(string Path, string Change, string? BeforeHash, string? AfterHash)
{
    public static RevisionFileResponse From(RevisionFile file) => new(
        file.Path,
        file.BeforeHash is null ? "added" : file.AfterHash is null ? "deleted" : "modified",
        file.BeforeHash,
        file.AfterHash);
}
