using System.Buffers;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Reads entries' data under the limits, counting the bytes that actually come out rather than trusting sizes in
/// headers. Every read is shortened so that no limit is overrun by more than one byte of inflation.
/// One instance per pass, because it keeps the pass's running total.
/// </summary>
public sealed class EntryReader(ArchiveLimits limits)
{
    private const int BufferSize = 80 * 1024;

    public long TotalBytes { get; private set; }

    /// <summary>Reads <paramref name="data"/> to its end and returns the number of bytes it held.</summary>
    /// <param name="rawName">The entry's name as written, for messages.</param>
    /// <param name="maxBytes">The most this entry may hold; one byte more rejects the archive as too large.</param>
    /// <param name="limitName">How <paramref name="maxBytes"/> is described in the message.</param>
    /// <param name="compressedLength">The entry's compressed size for the per-entry ratio check, or null when the
    /// ratio is watched for the whole stream instead (tar.gz).</param>
    /// <param name="sink">Receives the bytes, or null to only measure them.</param>
    /// <param name="checksum">Receives the bytes too, to be compared with the checksum the archive stores (zip).</param>
    public async Task<long> ReadAsync(
        Stream data,
        string rawName,
        long maxBytes,
        string limitName,
        long? compressedLength,
        Stream? sink,
        CancellationToken cancellationToken,
        Crc32? checksum = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long read = 0;
            while (true)
            {
                var allowed = Math.Min(maxBytes - read, limits.MaxTotalBytes - TotalBytes) + 1;
                var chunk = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, allowed)), cancellationToken).ConfigureAwait(false);
                if (chunk == 0)
                {
                    return read;
                }

                read += chunk;
                TotalBytes += chunk;
                if (read > maxBytes)
                {
                    throw Rejected(ArchiveProblem.TooLarge, rawName, $"'{EntryName.Display(rawName)}' is larger than {limitName}.", "too large");
                }

                if (TotalBytes > limits.MaxTotalBytes)
                {
                    throw Rejected(ArchiveProblem.TooLarge, rawName, $"The files expand to more than {ByteSize.Format(limits.MaxTotalBytes)} in total.", "over the total size limit");
                }

                if (compressedLength is { } compressed
                    && read > limits.RatioCheckThresholdBytes
                    && read > limits.MaxCompressionRatio * Math.Max(compressed, 1))
                {
                    throw Rejected(
                        ArchiveProblem.Bomb,
                        rawName,
                        $"'{EntryName.Display(rawName)}' expands more than {ByteSize.Ratio(limits.MaxCompressionRatio)} times its compressed size, "
                        + "which is what decompression bombs do.",
                        "decompression bomb");
                }

                checksum?.Append(buffer.AsSpan(0, chunk));
                if (sink is not null)
                {
                    await sink.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ArchiveRejectedException Rejected(ArchiveProblem problem, string rawName, string message, string reason) =>
        new(problem, message, [new ArchiveEntryIssue(EntryName.Display(rawName), reason)]);
}
