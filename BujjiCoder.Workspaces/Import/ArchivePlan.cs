namespace BujjiCoder.Workspaces.Import;

/// <summary>What the first pass decided: the files to import, in archive order, and the entries left out.</summary>
/// <param name="TotalBytes">Sum of the sizes of <paramref name="Files"/>.</param>
public sealed record ArchivePlan(
    ArchiveFormat Format,
    IReadOnlyList<PlannedFile> Files,
    IReadOnlyList<ArchiveEntryIssue> Skipped,
    long TotalBytes);
