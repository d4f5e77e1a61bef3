namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// How much an uploaded archive may hold and expand to. Every limit is enforced while the archive is being
/// read, so a hostile archive is stopped before it can use more memory or CPU than these allow.
/// </summary>
/// <param name="MaxEntries">Entries of any kind (files, directories, links, headers) before the archive is refused.</param>
/// <param name="MaxFileBytes">Largest imported file, counted from its decompressed data rather than its header.</param>
/// <param name="MaxTotalBytes">Largest total of decompressed content.</param>
/// <param name="MaxCompressionRatio">Decompressed to compressed bytes above which the data is treated as a bomb.</param>
/// <param name="RatioCheckThresholdBytes">Decompressed bytes before the ratio is checked, so small, very compressible files pass.</param>
public sealed record ArchiveLimits(
    int MaxEntries,
    long MaxFileBytes,
    long MaxTotalBytes,
    double MaxCompressionRatio,
    long RatioCheckThresholdBytes)
{
    public const long Megabyte = 1024 * 1024;

    /// <summary>The values configuration falls back to.</summary>
    public static ArchiveLimits Default { get; } = new(50_000, 2 * Megabyte, 500 * Megabyte, 200, Megabyte);
}
