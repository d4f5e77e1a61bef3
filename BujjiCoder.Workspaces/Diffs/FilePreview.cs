namespace BujjiCoder.Workspaces.Diffs;

/// <summary>What a diff does to one file: <c>status</c> is added, deleted, modified or renamed.</summary>
public sealed record FilePreview(
    string Path, string? OldPath, string Status, bool Applies, IReadOnlyList<HunkOutcome> Hunks, IReadOnlyList<HunkConflict> Conflicts, string? ResultingText);
