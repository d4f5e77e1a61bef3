namespace BujjiCoder.Workspaces.Diffs;

/// <summary>One line of a hunk without its ' ', '-' or '+' prefix and without its line terminator.</summary>
public readonly record struct HunkLine(HunkLineKind Kind, string Text);
