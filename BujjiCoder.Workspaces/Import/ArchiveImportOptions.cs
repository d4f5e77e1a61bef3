namespace BujjiCoder.Workspaces.Import;

/// <summary>Choices the uploader makes about an import.</summary>
/// <param name="RespectGitignore">Leave out files that the archive's own .gitignore files ignore.</param>
public sealed record ArchiveImportOptions(bool RespectGitignore = true);
