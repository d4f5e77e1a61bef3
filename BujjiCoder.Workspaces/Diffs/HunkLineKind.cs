namespace BujjiCoder.Workspaces.Diffs;

public enum HunkLineKind
{
    Context,
    Removed,
    Added,
}
