namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// A read-only view of the uploaded archive that counts the bytes read from it: the compressed side of the
/// compression-ratio check, and the progress reported to the import job.
/// </summary>
public sealed class CountingStream(Stream inner, IProgress<long>? progress) : Stream
{
    // Reporting every small read would flood the job's progress channel; this is plenty for a progress bar.
    private const long ReportEveryBytes = 64 * 1024;

    private long _lastReported = -1;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    /// <summary>Reports the count so far, whether or not it moved much since the last report.</summary>
    public void ReportProgress()
    {
        if (progress is not null && BytesRead != _lastReported)
        {
            _lastReported = BytesRead;

            // ZipArchive reads its central directory besides the entries; never report more than the archive holds.
            progress.Report(inner.CanSeek ? Math.Min(BytesRead, inner.Length) : BytesRead);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int read)
    {
        BytesRead += read;
        if (BytesRead - _lastReported >= ReportEveryBytes)
        {
            ReportProgress();
        }

        return read;
    }
}
