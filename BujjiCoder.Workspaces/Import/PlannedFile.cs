namespace BujjiCoder.Workspaces.Import;

/// <summary>A file the import will write.</summary>
/// <param name="Path">The normalised workspace path (accepted by <see cref="WorkspacePath"/>).</param>
/// <param name="Size">The decompressed size measured in the first pass; the second pass must read exactly this many bytes.</param>
public sealed record PlannedFile(string Path, long Size)
{
    /// <summary>
    /// The entry's position in the archive, counting entries of every kind, so the second pass reads the very entry
    /// the first pass chose even when a path occurs more than once.
    /// </summary>
    public int Ordinal { get; init; }
}
