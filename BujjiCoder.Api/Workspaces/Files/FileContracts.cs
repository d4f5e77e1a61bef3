using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Workspaces.Files;

public sealed record EditRequest(
    [property: Required] string? Path,
    [property: Required(AllowEmptyStrings = true), MinLength(1)] string? OldString,
    [property: Required(AllowEmptyStrings = true)] string? NewString,
    bool ReplaceAll = false);

/// <summary>A tree entry: a file (with its metadata) or a directory (with the total size of the files below it).</summary>
internal sealed record TreeEntry(string Path, string Kind, long Size, string? Etag = null, string? Language = null, bool? Binary = null, string? UpdatedBy = null, DateTime? UpdatedAt = null);

internal sealed record FileWritten(string Path, string Etag, long Size, Guid? Revision);

internal sealed record EditResult(int Replacements, string Etag, Guid? Revision);
