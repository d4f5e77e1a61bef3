namespace BujjiCoder.Workspaces.Import;

/// <summary>Why an archive was refused as a whole; the endpoint maps each to its own error.</summary>
public enum ArchiveProblem
{
    /// <summary>Not a zip or tar.gz, corrupt, or contradicting itself (a path that is a file and a directory).</summary>
    Invalid,

    /// <summary>Entries that could escape the workspace or are not plain files: traversal, links, devices.</summary>
    Unsafe,

    /// <summary>A file or the whole content is larger than allowed.</summary>
    TooLarge,

    /// <summary>More entries than allowed.</summary>
    TooManyEntries,

    /// <summary>Data that decompresses far beyond its compressed size.</summary>
    Bomb,
}
