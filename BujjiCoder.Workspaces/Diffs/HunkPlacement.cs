namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Where a hunk fits: <see cref="Start"/> is the 0-based file line matched by the first old line kept after
/// ignoring <see cref="Leading"/> context lines at the top and <see cref="Trailing"/> at the bottom.
/// </summary>
public readonly record struct HunkPlacement(int Start, int Leading, int Trailing, int Fuzz);
