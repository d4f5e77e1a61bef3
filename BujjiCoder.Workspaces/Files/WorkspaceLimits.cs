using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Workspaces.Files;

/// <summary>How much a workspace, a file and an upload may hold (section <c>Workspaces</c>).</summary>
public sealed class WorkspaceLimits
{
    public const string SectionName = "Workspaces";

    [Range(1, 64L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 2 * 1024 * 1024;

    [Range(1, 1_000_000)]
    public int MaxFilesPerWorkspace { get; set; } = 20_000;

    [Range(1, long.MaxValue)]
    public long MaxWorkspaceBytes { get; set; } = 500L * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxWorkspacesPerUser { get; set; } = 50;

    /// <summary>Largest accepted upload (the compressed archive).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Entries of any kind in one archive, skipped ones included.</summary>
    [Range(1, 10_000_000)]
    public int MaxArchiveEntries { get; set; } = 50_000;

    /// <summary>Expanded-to-compressed ratio above which an archive is treated as a decompression bomb.</summary>
    [Range(2, 100_000)]
    public double MaxCompressionRatio { get; set; } = 200;

    /// <summary>Expanded bytes after which the compression ratio is checked (small files compress well legitimately).</summary>
    [Range(1, long.MaxValue)]
    public long CompressionRatioCheckAfterBytes { get; set; } = 1024 * 1024;

    /// <summary>Uploads up to this size are imported while the caller waits (200); larger ones become a job (202).</summary>
    [Range(0, long.MaxValue)]
    public long SynchronousImportMaxBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Import jobs not finished yet (waiting for a Worker or running), across all replicas. Each keeps its upload in
    /// the database until it ends, so past this an upload that would become a job is answered 429.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxPendingImportJobs { get; set; } = 16;
}
