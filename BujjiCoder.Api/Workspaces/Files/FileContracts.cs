using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Workspaces.Files;

public sealed record EditRequest(
    [property: Required] string? Path,
    [property: Required, MinLength(1)] string? OldString,
    [property: Required] string? NewString,
    bool ReplaceAll = false);

internal sealed record TreeEntry(string Path, string Kind, long Size);

internal sealed record FileWritten(string Path, string Etag, long Size, Guid? Revision);

internal sealed record EditResult(int Replacements, string Etag, Guid? Revision);
