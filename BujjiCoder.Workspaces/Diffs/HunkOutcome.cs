namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Where a hunk went: its 1-based index, the 1-based line of the original file its first old line matched,
/// how far that is from where the hunk said it would be, and how many context lines at each end were ignored.
/// </summary>
public sealed record HunkOutcome(int Hunk, int AppliedAtLine, int Offset, int Fuzz);
