namespace BujjiCoder.Data.Entities;

/// <summary>
/// A backup the Worker took, as operators see it in <c>/admin/jobs</c>. The destination's manifest, not this row, is what a
/// restore reads (this table is inside the database a restore replaces).
/// </summary>
public sealed class DatabaseBackup
{
    /// <summary>The backup's name in every destination, e.g. <c>bujji-20261207T150000Z</c>.</summary>
    public required string Id { get; set; }

    /// <summary>postgresql or sqlite.</summary>
    public required string Provider { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Where it was stored, comma separated: <c>local</c>, <c>blob</c>.</summary>
    public required string Destinations { get; set; }

    /// <summary>Bytes as stored (compressed and, when configured, encrypted).</summary>
    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the stored bytes (lower-case hex), as in the manifest.</summary>
    public required string Sha256 { get; set; }

    public bool Encrypted { get; set; }

    public int Tables { get; set; }

    public long Rows { get; set; }

    /// <summary>How long the dump, packing and upload took.</summary>
    public int DurationMs { get; set; }

    /// <summary><c>pending</c>, <c>verified</c> or <c>failed</c>: restored into a scratch database and every table's rows and checksum compared.</summary>
    public required string Verification { get; set; }

    public DateTime? VerifiedAt { get; set; }

    /// <summary>How long the verifying restore and comparison took.</summary>
    public int? VerifyDurationMs { get; set; }

    /// <summary>Why verification failed: which table differed, or the restore's error, cut short.</summary>
    public string? VerificationError { get; set; }

    /// <summary>When generations retention deleted it from its destinations; the row stays as history.</summary>
    public DateTime? PrunedAt { get; set; }
}
