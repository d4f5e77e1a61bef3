namespace BujjiCoder.Data.Entities;

/// <summary>One change to a workspace (write, edit, delete, diff, import, revert, rules), numbered in order.</summary>
public sealed class WorkspaceRevision
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    /// <summary>1, 2, 3, ... per workspace; taken from <see cref="Workspace.RevisionCount"/> under its row lock.</summary>
    public long Number { get; set; }

    public required string AuthorId { get; set; }

    public DateTime At { get; set; }

    public required string Message { get; set; }

    public RevisionKind Kind { get; set; }

    /// <summary>The revision this one reverted, for revisions of kind <see cref="RevisionKind.Revert"/>.</summary>
    public Guid? RevertOf { get; set; }

    public List<RevisionFile> Files { get; set; } = [];
}

/// <summary>One path changed by a revision: no before hash means created, no after hash means deleted.</summary>
public sealed class RevisionFile
{
    public Guid RevisionId { get; set; }

    public required string Path { get; set; }

    public string? BeforeHash { get; set; }

    public string? AfterHash { get; set; }
}

public enum RevisionKind
{
    Write = 1,
    Edit = 2,
    Delete = 3,
    Diff = 4,
    Import = 5,
    Revert = 6,
    Rules = 7,
}
