namespace BujjiCoder.Workspaces.Import;

/// <summary>A planned file with its content, as the second pass yields it.</summary>
public sealed record ArchiveFile(string Path, byte[] Content);
