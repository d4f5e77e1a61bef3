using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Http;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Diffs;

namespace BujjiCoder.Api.Workspaces.Diffs;

public sealed record DiffRequest(
    [property: Required, StringLength(DiffRequest.MaxLength)] string? Diff,
    [property: StringLength(2000), NoNulCharacter] string? Message = null)
{
    public const int MaxLength = 4 * 1024 * 1024;
}

internal sealed record DiffPreview(bool Applies, IReadOnlyList<FilePreview> Files);

internal sealed record DiffApplied(Guid? Revision, IReadOnlyList<FilePreview> Files);
