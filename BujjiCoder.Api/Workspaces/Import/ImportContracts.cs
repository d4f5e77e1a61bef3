using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>
/// What an import did. Skipped entries (ignored folders, .gitignore, duplicates) are listed up to a cap; rejected
/// entries fail the import as a whole and are listed in its problem details instead.
/// </summary>
internal sealed record ImportSummary(Guid? Revision, int Imported, long Bytes, int SkippedCount, IReadOnlyList<ImportEntry> Skipped);

internal sealed record ImportEntry(string Path, string Reason);

internal sealed record ImportAccepted(Guid JobId, string Status, string Location);

internal sealed record ImportJobResponse(
    Guid Id, ImportJobStatus Status, long BytesTotal, long BytesRead, int FilesWritten, DateTime CreatedAt, DateTime UpdatedAt, DateTime? CompletedAt,
    ImportSummary? Result, Microsoft.AspNetCore.Mvc.ProblemDetails? Error);
