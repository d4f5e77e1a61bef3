namespace BujjiCoder.Data.Entities;

/// <summary>A member's role in one workspace; each includes the ones below it.</summary>
public enum WorkspaceRole
{
    Viewer = 1,
    Editor = 2,
    Owner = 3,
}
