namespace BujjiCoder.Workspaces.Import;

/// <summary>A file or directory entry whose name passed <see cref="WorkspacePath"/>, as the first pass found it.</summary>
/// <param name="Ordinal">Position among all entries of the archive.</param>
/// <param name="RawName">The name as written, for messages.</param>
/// <param name="Path">The normalised workspace path.</param>
/// <param name="Size">Tar: the data's length. Zip: the size the header declares, until the data is read.</param>
public sealed record ScannedEntry(int Ordinal, string RawName, string Path, bool IsDirectory, long Size)
{
    public bool IsGitignore => !IsDirectory && (Path == GitignoreRules.FileName || Path.EndsWith("/" + GitignoreRules.FileName, StringComparison.Ordinal));
}
