namespace BujjiCoder.Api.Workspaces.Diffs;

internal enum HunkLineKind
{
    Context,
    Removed,
    Added,
}
