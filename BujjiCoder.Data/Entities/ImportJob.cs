namespace BujjiCoder.Data.Entities;

/// <summary>
/// An archive import running in the background. The Api stores the upload (<see cref="ImportUploadChunk"/>) and the
/// job; any Worker replica claims it by taking its lease, and keeps the lease while it works. A claimant that dies
/// stops renewing it, and once it lapses another replica claims the job and imports the same stored upload.
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

    /// <summary>The upload's file name (its extension says .zip or .tar.gz), the import's options and revision message.</summary>
    public required string UploadName { get; set; }

    public bool RespectGitignore { get; set; }

    public string? Message { get; set; }

    /// <summary>The Worker replica holding the job, until <see cref="LeaseExpiresAt"/>; null while nobody has it.</summary>
    public string? ClaimedBy { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>How many times a replica has claimed the job; a job that keeps killing its claimants fails after a few.</summary>
    public int Attempts { get; set; }

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
