namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// A hunk that fits nowhere. <see cref="Hunk"/> is its 1-based index, or 0 when the file as a whole is at fault
/// (it exists though the patch creates it, or is missing though the patch changes it).
/// <see cref="Expected"/> holds the hunk's old lines and <see cref="Actual"/> the lines found where it should
/// have matched, so a person or a model can see what changed underneath.
/// </summary>
public sealed record HunkConflict(int Hunk, int ExpectedAtLine, string Reason, IReadOnlyList<string> Expected, IReadOnlyList<string> Actual);
