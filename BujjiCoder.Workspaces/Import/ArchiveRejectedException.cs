namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Thrown when an archive is refused as a whole; nothing of it may be imported. The message is written for the
/// person who uploaded it, and <see cref="Entries"/> lists the offending entries when there are any.
/// </summary>
public sealed class ArchiveRejectedException(
    ArchiveProblem problem,
    string message,
    IReadOnlyList<ArchiveEntryIssue> entries,
    Exception? innerException = null) : Exception(message, innerException)
{
    public ArchiveRejectedException(ArchiveProblem problem, string message)
        : this(problem, message, [])
    {
    }

    public ArchiveProblem Problem { get; } = problem;

    public IReadOnlyList<ArchiveEntryIssue> Entries { get; } = entries;
}
