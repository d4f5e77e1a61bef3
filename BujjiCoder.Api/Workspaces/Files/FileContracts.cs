using System.ComponentModel.DataAnnotations;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Workspaces.Files;

/// <summary>Search and replace in one file; either string may be as long as a file (the result is held to <c>Workspaces:MaxFileBytes</c>).</summary>
public sealed record EditRequest(
    [property: Required, StringLength(1024)] string? Path,
    [property: Required(AllowEmptyStrings = true), StringLength(EditRequest.MaxLength, MinimumLength = 1)] string? OldString,
    [property: Required(AllowEmptyStrings = true), StringLength(EditRequest.MaxLength)] string? NewString,
    bool ReplaceAll = false)
{
    /// <summary>4 Mi characters, like a diff: more than the largest file allowed by default.</summary>
    public const int MaxLength = 4 * 1024 * 1024;
}

internal sealed record FileWritten(string Path, string Etag, long Size, Guid? Revision);

internal sealed record EditResult(int Replacements, string Etag, Guid? Revision);
