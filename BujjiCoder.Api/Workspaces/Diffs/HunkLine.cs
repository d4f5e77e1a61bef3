namespace BujjiCoder.Api.Workspaces.Diffs;

/// <summary>One line of a hunk without its ' ', '-' or '+' prefix and without its line terminator.</summary>
internal readonly record struct HunkLine(HunkLineKind Kind, string Text);
