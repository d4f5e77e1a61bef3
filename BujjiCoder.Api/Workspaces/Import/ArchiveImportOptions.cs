namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>Choices the uploader makes about an import.</summary>
/// <param name="RespectGitignore">Leave out files that the archive's own .gitignore files ignore.</param>
internal sealed record ArchiveImportOptions(bool RespectGitignore = true);
