using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Api.Workspaces.Import;

internal sealed record ImportAccepted(Guid JobId, string Status, string Location);

internal sealed record ImportJobResponse(
    Guid Id, ImportJobStatus Status, long BytesTotal, long BytesRead, int FilesWritten, DateTime CreatedAt, DateTime UpdatedAt, DateTime? CompletedAt,
    ImportSummary? Result, Microsoft.AspNetCore.Mvc.ProblemDetails? Error);
