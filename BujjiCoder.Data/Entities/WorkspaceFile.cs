namespace BujjiCoder.Data.Entities;

/// <summary>A file as it is now in a workspace; its content is the blob named by <see cref="Hash"/>.</summary>
public sealed class WorkspaceFile
{
    public Guid WorkspaceId { get; set; }

    /// <summary>Relative, '/'-separated, NFC-normalised path (checked by the Api before it gets here).</summary>
    public required string Path { get; set; }

    public required string Hash { get; set; }

    public long Size { get; set; }

    public string? Language { get; set; }

    public bool IsBinary { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }
}
