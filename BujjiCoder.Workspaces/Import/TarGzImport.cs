using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Both passes for gzip-compressed tar archives. A tar is read front to back only, so the first pass sees every
/// entry once: it checks names and types, keeps the .gitignore files' text, and takes sizes from the headers (a tar
/// entry's data is exactly as long as its header says). Everything decompressed, skipped data included, passes an
/// <see cref="InflationGuardStream"/>.
/// </summary>
public static class TarGzImport
{
    public static async Task<ArchivePlan> PlanAsync(
        Stream archive,
        ArchiveLimits limits,
        ArchiveImportOptions options,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        archive.Position = 0;
        await using var counting = new CountingStream(archive, progress);
        await using var gzip = new GZipStream(counting, CompressionMode.Decompress, leaveOpen: true);
        await using var guard = new InflationGuardStream(gzip, counting, limits);
        await using var tar = new TarReader(guard, leaveOpen: true);

        var scan = new ArchiveScan(limits);
        var reader = new EntryReader(limits);
        var gitignores = new Dictionary<int, string>();
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var ordinal = scan.Next();
            guard.EntriesSeen = scan.Count;
            if (Scan(scan, ordinal, entry) is { IsGitignore: true } file
                && options.RespectGitignore
                && ImportSelection.ExcludedSegment(file.Path) is null)
            {
                using var text = new MemoryStream();
                if (entry.DataStream is { } data)
                {
                    await reader.ReadAsync(data, entry.Name, GitignoreRules.MaxFileBytes, GitignoreRules.MaxFileBytesText, compressedLength: null, text, cancellationToken).ConfigureAwait(false);
                }

                gitignores[ordinal] = GitignoreRules.Decode(text);
            }
        }

        counting.ReportProgress();
        scan.ThrowIfUnsafe();
        var selection = ImportSelection.Create(scan);
        if (options.RespectGitignore)
        {
            var rules = new GitignoreRules();
            foreach (var file in selection.Candidates.Where(file => file.IsGitignore))
            {
                rules.Add(file.Path, gitignores[file.Ordinal]);
            }

            selection.ApplyGitignore(rules);
        }

        return selection.ToPlan(ArchiveFormat.TarGz, limits);
    }

    public static async IAsyncEnumerable<ArchiveFile> ReadAsync(
        Stream archive,
        ArchivePlan plan,
        ArchiveLimits limits,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        archive.Position = 0;
        await using var counting = new CountingStream(archive, progress: null);
        await using var gzip = new GZipStream(counting, CompressionMode.Decompress, leaveOpen: true);
        await using var guard = new InflationGuardStream(gzip, counting, limits);
        await using var tar = new TarReader(guard, leaveOpen: true);

        var wanted = plan.Files.OrderBy(file => file.Ordinal).ToList();
        var reader = new EntryReader(limits);
        var next = 0;
        var ordinal = -1;

        // Stop at the last planned file: whatever follows was checked in the first pass and is not needed.
        while (next < wanted.Count && await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (++ordinal >= limits.MaxEntries)
            {
                throw ArchiveScan.TooMany(limits);
            }

            guard.EntriesSeen = ordinal + 1;
            var file = wanted[next];
            if (ordinal != file.Ordinal)
            {
                continue;
            }

            if (!IsRegularFile(entry.EntryType)
                || EntryName.Resolve(entry.Name, isDirectory: false, out var path, out _) != EntryNameKind.Safe
                || path != file.Path)
            {
                throw ArchiveChange.Detected(file);
            }

            using var content = ArchiveChange.Buffer(file, limits);
            var size = entry.DataStream is { } data
                ? await reader.ReadAsync(data, entry.Name, limits.MaxFileBytes, ZipImport.PerFileLimit(limits), compressedLength: null, content, cancellationToken).ConfigureAwait(false)
                : 0;
            next++;
            yield return ArchiveChange.Verified(file, size, content);
        }

        if (next < wanted.Count)
        {
            throw ArchiveChange.Detected(wanted[next]);
        }
    }

    private static bool IsRegularFile(TarEntryType type) =>
        type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

    /// <summary>Records one entry in <paramref name="scan"/>; returns it when it is a file or directory with a safe name.</summary>
    private static ScannedEntry? Scan(ArchiveScan scan, int ordinal, TarEntry entry)
    {
        var isDirectory = entry.EntryType == TarEntryType.Directory;
        if (IsRegularFile(entry.EntryType) || isDirectory)
        {
            if (scan.Name(ordinal, entry.Name, isDirectory) is not { } path)
            {
                return null;
            }

            var scanned = new ScannedEntry(ordinal, entry.Name, path, isDirectory, isDirectory ? 0 : entry.Length);
            scan.Entries.Add(scanned);
            return scanned;
        }

        var problem = entry.EntryType switch
        {
            // Pax global headers only carry defaults for the entries that follow; TarReader has applied them.
            TarEntryType.GlobalExtendedAttributes => null,
            TarEntryType.SymbolicLink => $"symbolic link to '{EntryName.Display(entry.LinkName)}'",
            TarEntryType.HardLink => $"hard link to '{EntryName.Display(entry.LinkName)}'",
            TarEntryType.CharacterDevice or TarEntryType.BlockDevice => "device",
            TarEntryType.Fifo => "FIFO",
            TarEntryType.SparseFile => "sparse file (not supported)",
            _ => $"unsupported tar entry type '{EntryName.Display(((char)entry.EntryType).ToString())}'",
        };
        if (problem is not null)
        {
            scan.NotAFile(ordinal, entry.Name, problem);
        }

        return null;
    }
}
