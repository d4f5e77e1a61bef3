namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// The changes to one file. A null <see cref="OldPath"/> creates the file (--- /dev/null), a null
/// <see cref="NewPath"/> deletes it (+++ /dev/null), and two different paths rename it.
/// Paths are as the diff wrote them, minus git's a/ and b/ prefixes; checking them is the caller's job.
/// </summary>
public sealed record FilePatch(string? OldPath, string? NewPath, IReadOnlyList<Hunk> Hunks)
{
    public bool IsNew => OldPath is null;

    public bool IsDelete => NewPath is null;

    public bool IsRename => OldPath is not null && NewPath is not null && !string.Equals(OldPath, NewPath, StringComparison.Ordinal);

    public string Path => NewPath ?? OldPath!;
}
