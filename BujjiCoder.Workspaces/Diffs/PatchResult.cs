namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// The outcome of applying one <see cref="FilePatch"/>. <see cref="Text"/> is the new content, or null when the
/// patch deletes the file or does not apply; a patch applies only if none of its hunks conflicts.
/// </summary>
public sealed record PatchResult(bool Applies, string? Text, IReadOnlyList<HunkOutcome> Hunks, IReadOnlyList<HunkConflict> Conflicts);
