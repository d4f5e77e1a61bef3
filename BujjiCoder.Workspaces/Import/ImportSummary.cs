namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// What an import did. Skipped entries (ignored folders, .gitignore, duplicates) are listed up to a cap; rejected
/// entries fail the import as a whole and are listed in its problem instead.
/// </summary>
public sealed record ImportSummary(Guid? Revision, int Imported, long Bytes, int SkippedCount, IReadOnlyList<ImportEntry> Skipped);

public sealed record ImportEntry(string Path, string Reason);
