namespace BujjiCoder.Data.Entities;

/// <summary>A codebase people work on together. Its files, revisions and conversations hang off it.</summary>
public sealed class Workspace
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Number of the latest revision. Every change increments it first, which also takes the workspace's
    /// row lock: changes to one workspace are serialised, so a stale If-Match can never slip through.
    /// </summary>
    public long RevisionCount { get; set; }

    /// <summary>The blob holding the workspace's rules text, or null when it has none.</summary>
    public string? RulesHash { get; set; }

    public List<WorkspaceMember> Members { get; set; } = [];
}

/// <summary>One person's role in one workspace.</summary>
public sealed class WorkspaceMember
{
    public Guid WorkspaceId { get; set; }

    public required string UserId { get; set; }

    public WorkspaceRole Role { get; set; }

    public DateTime AddedAt { get; set; }
}
