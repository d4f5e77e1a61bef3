namespace BujjiCoder.Workspaces.Files;

public enum ChangeFailure
{
    /// <summary>The workspace has gone (deleted meanwhile).</summary>
    WorkspaceNotFound,

    /// <summary>A file is not at the version the caller based its change on (If-Match, edits, diffs).</summary>
    PreconditionFailed,

    /// <summary>A file, the workspace's file count or its total size would go over the configured limits.</summary>
    LimitExceeded,

    /// <summary>The file the change works on does not exist.</summary>
    FileNotFound,

    /// <summary>The file is binary and the change needs text (an edit, a patch).</summary>
    BinaryFile,

    /// <summary>The change itself is impossible (an edit that does not match, a patch that does not apply).</summary>
    Conflict,
}

/// <summary>Thrown inside a change to roll it back as a whole; endpoints turn it into a problem response.</summary>
public sealed class WorkspaceChangeException(ChangeFailure failure, string message, string? path = null, string? currentHash = null) : Exception(message)
{
    public ChangeFailure Failure { get; } = failure;

    public string? Path { get; } = path;

    /// <summary>For a failed precondition on a file that exists: the hash it is at now, so the caller can overwrite knowingly.</summary>
    public string? CurrentHash { get; } = currentHash;
}
