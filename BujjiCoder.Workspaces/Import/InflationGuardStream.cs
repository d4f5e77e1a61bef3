namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Sits between the gzip decompressor and the tar reader and watches everything that comes out, including the data
/// TarReader skips on its own: once more than the threshold has come out, more than the allowed ratio of
/// decompressed to compressed bytes is a bomb, and the whole stream may not expand beyond the total limit plus tar's
/// own headers and padding. Reads are shortened so no more than one byte past the allowance is ever inflated.
/// </summary>
public sealed class InflationGuardStream(Stream decompressed, CountingStream compressed, ArchiveLimits limits) : Stream
{
    // Tar spends a 512-byte header and up to 511 bytes of padding per entry, often one more header and block of pax
    // attributes (long names, times), and pads the archive to whole 10 KB records. Generous, because it only bounds
    // how far a stream may expand; the content itself is limited exactly.
    private const long OverheadPerEntryBytes = 4 * 1024;
    private const long FixedOverheadBytes = ArchiveLimits.Megabyte;

    private long _inflated;

    /// <summary>Entries read so far; each one earns its header overhead.</summary>
    public int EntriesSeen { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _inflated;
        set => throw new NotSupportedException();
    }

    // The next entry's header is read before the entry is counted, hence the one extra.
    private long Allowance => limits.MaxTotalBytes + FixedOverheadBytes + ((EntriesSeen + 1L) * OverheadPerEntryBytes);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Checked(decompressed.Read(buffer[..Capped(buffer.Length)]));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Checked(await decompressed.ReadAsync(buffer[..Capped(buffer.Length)], cancellationToken).ConfigureAwait(false));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Capped(int requested) => (int)Math.Min(requested, Math.Max(1, Allowance - _inflated + 1));

    private int Checked(int read)
    {
        _inflated += read;
        if (_inflated > Allowance)
        {
            throw new ArchiveRejectedException(
                ArchiveProblem.TooLarge,
                $"The archive expands to more than {ByteSize.Format(limits.MaxTotalBytes)} (plus tar headers).");
        }

        if (_inflated > limits.RatioCheckThresholdBytes
            && _inflated > limits.MaxCompressionRatio * Math.Max(compressed.BytesRead, 1))
        {
            throw new ArchiveRejectedException(
                ArchiveProblem.Bomb,
                $"The archive expands more than {ByteSize.Ratio(limits.MaxCompressionRatio)} times its compressed size, "
                + "which is what decompression bombs do.");
        }

        return read;
    }
}
