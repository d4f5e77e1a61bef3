namespace BujjiCoder.Data.Entities;

/// <summary>
/// One slice of an import job's upload, stored with the job so that whichever Worker replica claims it can read
/// the archive, and a replica that takes over after a crash needs no new upload. Deleted with the job.
/// </summary>
public sealed class ImportUploadChunk
{
    /// <summary>Slices are at most this long, so no row holds the whole upload and none is read into memory at once.</summary>
    public const int MaxBytes = 1024 * 1024;

    public Guid JobId { get; set; }

    /// <summary>0, 1, 2… in upload order.</summary>
    public int Index { get; set; }

    public required byte[] Data { get; set; }
}
