using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Both passes for zip archives. A zip's central directory lists every entry up front, so the first pass checks all
/// names and types before decompressing anything, reads the .gitignore files, and then decompresses only the files
/// that will be imported, to measure them and to catch bombs.
/// </summary>
public static class ZipImport
{
    // Zip tools on Unix store the file's st_mode in the high 16 bits of the external attributes.
    private const int UnixTypeMask = 0xF000;
    private const int UnixDirectory = 0x4000;
    private const int UnixRegularFile = 0x8000;
    private const int UnixSymbolicLink = 0xA000;

    public static async Task<ArchivePlan> PlanAsync(
        Stream archive,
        ArchiveLimits limits,
        ArchiveImportOptions options,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        await using var counting = new CountingStream(archive, progress);
        await using var zip = await OpenAsync(archive, counting, limits, cancellationToken).ConfigureAwait(false);

        var scan = new ArchiveScan(limits);
        foreach (var entry in zip.Entries)
        {
            var ordinal = scan.Next();
            var type = UnixType(entry);
            if (type == UnixSymbolicLink)
            {
                scan.NotAFile(ordinal, entry.FullName, "symbolic link");
                continue;
            }

            if (type is not (0 or UnixRegularFile or UnixDirectory))
            {
                scan.NotAFile(ordinal, entry.FullName, "special file (device, FIFO or socket)");
                continue;
            }

            var isDirectory = entry.FullName.EndsWith('/') || type == UnixDirectory;
            if (scan.Name(ordinal, entry.FullName, isDirectory) is { } path)
            {
                scan.Entries.Add(new ScannedEntry(ordinal, entry.FullName, path, isDirectory, entry.Length));
            }
        }

        scan.ThrowIfUnsafe();
        var selection = ImportSelection.Create(scan);
        var reader = new EntryReader(limits);
        var measured = new Dictionary<int, long>();
        if (options.RespectGitignore)
        {
            var rules = new GitignoreRules();
            foreach (var file in selection.Candidates.Where(file => file.IsGitignore))
            {
                using var text = new MemoryStream();
                measured[file.Ordinal] = await ReadEntryAsync(
                    zip.Entries[file.Ordinal], reader, GitignoreRules.MaxFileBytes, GitignoreRules.MaxFileBytesText, text, cancellationToken).ConfigureAwait(false);
                rules.Add(file.Path, GitignoreRules.Decode(text));
            }

            selection.ApplyGitignore(rules);
        }

        // Decompress what will be imported, to the end: the sizes in the header are only claims.
        foreach (var file in selection.Candidates.Where(file => !measured.ContainsKey(file.Ordinal)))
        {
            measured[file.Ordinal] = await ReadEntryAsync(
                zip.Entries[file.Ordinal], reader, limits.MaxFileBytes, PerFileLimit(limits), sink: null, cancellationToken).ConfigureAwait(false);
        }

        counting.ReportProgress();
        return selection.ToPlan(ArchiveFormat.Zip, limits, measured);
    }

    public static async IAsyncEnumerable<ArchiveFile> ReadAsync(
        Stream archive,
        ArchivePlan plan,
        ArchiveLimits limits,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var counting = new CountingStream(archive, progress: null);
        await using var zip = await OpenAsync(archive, counting, limits, cancellationToken).ConfigureAwait(false);
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw ArchiveScan.TooMany(limits);
        }

        var reader = new EntryReader(limits);
        foreach (var file in plan.Files.OrderBy(file => file.Ordinal))
        {
            var entry = file.Ordinal < zip.Entries.Count ? zip.Entries[file.Ordinal] : throw ArchiveChange.Detected(file);
            if (UnixType(entry) is not (0 or UnixRegularFile)
                || entry.FullName.EndsWith('/')
                || EntryName.Resolve(entry.FullName, isDirectory: false, out var path, out _) != EntryNameKind.Safe
                || path != file.Path)
            {
                throw ArchiveChange.Detected(file);
            }

            using var content = ArchiveChange.Buffer(file, limits);
            var size = await ReadEntryAsync(entry, reader, limits.MaxFileBytes, PerFileLimit(limits), content, cancellationToken).ConfigureAwait(false);
            yield return ArchiveChange.Verified(file, size, content);
        }
    }

    public static string PerFileLimit(ArchiveLimits limits) => $"the limit of {ByteSize.Format(limits.MaxFileBytes)} per file";

    private static async Task<ZipArchive> OpenAsync(Stream archive, CountingStream counting, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        if (await ZipEntryCount.ReadAsync(archive, cancellationToken).ConfigureAwait(false) > limits.MaxEntries)
        {
            throw ArchiveScan.TooMany(limits);
        }

        counting.Position = 0;
        return await ZipArchive.CreateAsync(counting, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
    }

    private static int UnixType(ZipArchiveEntry entry) => (entry.ExternalAttributes >> 16) & UnixTypeMask;

    private static async Task<long> ReadEntryAsync(
        ZipArchiveEntry entry,
        EntryReader reader,
        long maxBytes,
        string limitName,
        Stream? sink,
        CancellationToken cancellationToken)
    {
        if (entry.IsEncrypted)
        {
            throw new ArchiveRejectedException(
                ArchiveProblem.Invalid,
                $"'{EntryName.Display(entry.FullName)}' is encrypted, which is not supported.",
                [new ArchiveEntryIssue(EntryName.Display(entry.FullName), "encrypted")]);
        }

        var data = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (data.ConfigureAwait(false))
        {
            var checksum = new Crc32();
            var size = await reader.ReadAsync(data, entry.FullName, maxBytes, limitName, entry.CompressedLength, sink, cancellationToken, checksum).ConfigureAwait(false);
            if (size != entry.Length || checksum.Value != entry.Crc32)
            {
                throw new ArchiveRejectedException(
                    ArchiveProblem.Invalid,
                    $"'{EntryName.Display(entry.FullName)}' does not match the size or checksum in its header; the archive is corrupt.",
                    [new ArchiveEntryIssue(EntryName.Display(entry.FullName), "size or checksum differs from header")]);
            }

            return size;
        }
    }
}
