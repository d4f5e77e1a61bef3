namespace BujjiCoder.Workspaces.Import;

/// <summary>An entry that was refused or skipped, and why.</summary>
/// <param name="Path">The name as written in the archive, with control characters escaped so it can be shown safely.</param>
/// <param name="Reason">A short explanation for people.</param>
public sealed record ArchiveEntryIssue(string Path, string Reason);
