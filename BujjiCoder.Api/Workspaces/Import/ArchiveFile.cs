namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>A planned file with its content, as the second pass yields it.</summary>
internal sealed record ArchiveFile(string Path, byte[] Content);
