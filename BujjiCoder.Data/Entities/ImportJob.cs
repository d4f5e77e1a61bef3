namespace BujjiCoder.Data.Entities;

/// <summary>
/// An archive import running in the background. Kept in the database so that any Api replica can report
/// its progress; a job whose replica died stops being updated and is reported failed once stale.
/// </summary>
public sealed class ImportJob
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public required string CreatedBy { get; set; }

    public ImportJobStatus Status { get; set; }

    /// <summary>Compressed bytes of the upload, and how many of them have been read so far.</summary>
    public long BytesTotal { get; set; }

    public long BytesRead { get; set; }

    public int FilesWritten { get; set; }

    /// <summary>The summary (on success) or the problem details (on failure), as JSON.</summary>
    public string? ResultJson { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}

public enum ImportJobStatus
{
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}
