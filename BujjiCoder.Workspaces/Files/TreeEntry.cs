namespace BujjiCoder.Workspaces.Files;

/// <summary>A tree entry: a file (with its metadata) or a directory (with the total size of the files below it).</summary>
public sealed record TreeEntry(string Path, string Kind, long Size, string? Etag = null, string? Language = null, bool? Binary = null, string? UpdatedBy = null, DateTime? UpdatedAt = null);
