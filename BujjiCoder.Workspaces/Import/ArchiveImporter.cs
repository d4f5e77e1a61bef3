using System.Runtime.CompilerServices;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Reads an uploaded .zip or .tar.gz for a workspace import, in two passes over the same seekable stream.
/// The first pass reads the whole archive under the limits and decides what is imported, so .gitignore files apply
/// wherever they appear and nothing is written unless the whole archive is acceptable; the second streams the
/// planned files' content for writing. Refusals are <see cref="ArchiveRejectedException"/>s.
/// </summary>
public sealed class ArchiveImporter
{
    private readonly ArchiveLimits _limits;

    public ArchiveImporter(ArchiveLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxTotalBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxCompressionRatio);
        ArgumentOutOfRangeException.ThrowIfNegative(limits.RatioCheckThresholdBytes);
        _limits = limits;
    }

    /// <summary>Pass 1: validates every entry and the archive as a whole, and decides what is imported and what is skipped.</summary>
    /// <param name="bytesRead">Receives the compressed bytes read so far, for a progress bar.</param>
    public async Task<ArchivePlan> PlanAsync(Stream archive, ArchiveImportOptions options, IProgress<long>? bytesRead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var format = Detect(archive);
        try
        {
            return format == ArchiveFormat.Zip
                ? await ZipImport.PlanAsync(archive, _limits, options, bytesRead, ct).ConfigureAwait(false)
                : await TarGzImport.PlanAsync(archive, _limits, options, bytesRead, ct).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsCorruption(exception))
        {
            throw Corrupt(format, exception);
        }
    }

    /// <summary>
    /// Pass 2: yields the planned files with their content, in archive order, reading under the same limits. Fails if
    /// the archive no longer matches the plan, which only happens if it was changed in between.
    /// </summary>
    public async IAsyncEnumerable<ArchiveFile> ReadAsync(Stream archive, ArchivePlan plan, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var format = Detect(archive);
        if (format != plan.Format)
        {
            throw new ArchiveRejectedException(ArchiveProblem.Invalid, "The archive changed after it was checked; the import was stopped.");
        }

        var files = format == ArchiveFormat.Zip
            ? ZipImport.ReadAsync(archive, plan, _limits, ct)
            : TarGzImport.ReadAsync(archive, plan, _limits, ct);

        // A yield cannot sit inside a try with a catch, so the corruption check wraps each step instead.
        var enumerator = files.GetAsyncEnumerator(ct);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception exception) when (IsCorruption(exception))
                {
                    throw Corrupt(format, exception);
                }

                yield return enumerator.Current;
            }
        }
    }

    private static ArchiveFormat Detect(Stream archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.CanRead || !archive.CanSeek)
        {
            throw new ArgumentException("The archive must be a readable, seekable stream.", nameof(archive));
        }

        return ArchiveFormats.Detect(archive) ?? throw new ArchiveRejectedException(
            ArchiveProblem.Invalid,
            "The file is not a .zip or .tar.gz archive.");
    }

    // What the BCL readers throw for damaged or malformed data, as opposed to I/O failures or cancellation.
    private static bool IsCorruption(Exception exception) =>
        exception is InvalidDataException or EndOfStreamException or FormatException or OverflowException;

    private static ArchiveRejectedException Corrupt(ArchiveFormat format, Exception exception)
    {
        var kind = format == ArchiveFormat.Zip ? "zip" : "tar.gz";
        return new ArchiveRejectedException(
            ArchiveProblem.Invalid,
            $"The file is not a readable {kind} archive ({exception.Message}).",
            [],
            exception);
    }
}
