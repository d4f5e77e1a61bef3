using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Extensions;

namespace BujjiCoder.Api.Workspaces.Diffs;

public sealed record DiffRequest(
    [property: Required, StringLength(DiffRequest.MaxLength)] string? Diff,
    [property: StringLength(2000), NoNulCharacter] string? Message = null)
{
    public const int MaxLength = 4 * 1024 * 1024;
}

/// <summary>What a diff does to one file: <c>status</c> is added, deleted, modified or renamed.</summary>
internal sealed record FilePreview(
    string Path, string? OldPath, string Status, bool Applies, IReadOnlyList<HunkOutcome> Hunks, IReadOnlyList<HunkConflict> Conflicts, string? ResultingText);

internal sealed record DiffPreview(bool Applies, IReadOnlyList<FilePreview> Files);

internal sealed record DiffApplied(Guid? Revision, IReadOnlyList<FilePreview> Files);
