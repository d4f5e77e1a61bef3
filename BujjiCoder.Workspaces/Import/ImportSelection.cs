namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Decides, from all entries of an archive, which files are imported and which are skipped. Works on the complete
/// list, so a .gitignore or a duplicate counts wherever it appears in the archive.
/// </summary>
public sealed class ImportSelection
{
    /// <summary>Directories that are never imported: repository internals, dependencies and build output.</summary>
    private static readonly string[] ExcludedSegments = [".git", "node_modules", "bin", "obj"];

    private readonly List<(int Ordinal, ArchiveEntryIssue Issue)> _skipped;

    private ImportSelection(List<ScannedEntry> candidates, List<(int, ArchiveEntryIssue)> skipped)
    {
        Candidates = candidates;
        _skipped = skipped;
    }

    /// <summary>Files left after duplicates and excluded directories, in archive order; .gitignore rules are still to come.</summary>
    public IReadOnlyList<ScannedEntry> Candidates { get; private set; }

    public IReadOnlyList<ArchiveEntryIssue> Skipped => [.. _skipped.OrderBy(s => s.Ordinal).Select(s => s.Issue)];

    /// <summary>The never-imported directory name that <paramref name="path"/> contains, or null.</summary>
    public static string? ExcludedSegment(string path)
    {
        var segments = path.Split('/');
        return Array.Find(ExcludedSegments, excluded => segments.Contains(excluded, StringComparer.Ordinal));
    }

    /// <summary>Resolves duplicates (the later entry wins), refuses paths that are both a file and a directory, and skips excluded directories.</summary>
    public static ImportSelection Create(ArchiveScan scan)
    {
        var skipped = new List<(int, ArchiveEntryIssue)>(scan.Skipped);
        var files = new Dictionary<string, ScannedEntry>(StringComparer.Ordinal);
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in scan.Entries)
        {
            if (entry.IsDirectory)
            {
                directories.Add(entry.Path);
            }
            else
            {
                if (files.TryGetValue(entry.Path, out var earlier))
                {
                    skipped.Add((earlier.Ordinal, Issue(earlier, "duplicate")));
                }

                files[entry.Path] = entry;
            }

            for (var slash = entry.Path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = entry.Path.IndexOf('/', slash + 1))
            {
                directories.Add(entry.Path[..slash]);
            }
        }

        var clashes = files.Values.Where(file => directories.Contains(file.Path)).OrderBy(file => file.Ordinal).ToList();
        if (clashes.Count > 0)
        {
            throw new ArchiveRejectedException(
                ArchiveProblem.Invalid,
                $"The archive holds '{clashes[0].Path}' both as a file and as a directory"
                + (clashes.Count > 1 ? $" (and {clashes.Count - 1} more such paths)" : string.Empty) + ".",
                [.. clashes.Select(file => Issue(file, "both a file and a directory"))]);
        }

        var candidates = new List<ScannedEntry>();
        foreach (var file in files.Values.OrderBy(file => file.Ordinal))
        {
            if (ExcludedSegment(file.Path) is { } excluded)
            {
                skipped.Add((file.Ordinal, Issue(file, $"'{excluded}' is never imported")));
            }
            else
            {
                candidates.Add(file);
            }
        }

        return new ImportSelection(candidates, skipped);
    }

    /// <summary>Skips the candidates that <paramref name="rules"/> ignore (none when null); the .gitignore files themselves stay unless ignored.</summary>
    public void ApplyGitignore(GitignoreRules? rules)
    {
        if (rules is null)
        {
            return;
        }

        var kept = new List<ScannedEntry>();
        foreach (var file in Candidates)
        {
            if (rules.IgnoredBy(file.Path) is { } source)
            {
                _skipped.Add((file.Ordinal, Issue(file, $"ignored by {source}")));
            }
            else
            {
                kept.Add(file);
            }
        }

        Candidates = kept;
    }

    /// <summary>The plan for the candidates; checks the size limits once more against the measured sizes.</summary>
    /// <param name="measured">Sizes counted while reading, by ordinal, where they replace the declared ones (zip).</param>
    public ArchivePlan ToPlan(ArchiveFormat format, ArchiveLimits limits, IReadOnlyDictionary<int, long>? measured = null)
    {
        long total = 0;
        var files = new List<PlannedFile>(Candidates.Count);
        foreach (var candidate in Candidates)
        {
            var file = measured is not null && measured.TryGetValue(candidate.Ordinal, out var size) ? candidate with { Size = size } : candidate;
            if (file.Size > limits.MaxFileBytes)
            {
                throw new ArchiveRejectedException(
                    ArchiveProblem.TooLarge,
                    $"'{EntryName.Display(file.RawName)}' is {ByteSize.Format(file.Size)}, larger than the limit of {ByteSize.Format(limits.MaxFileBytes)} per file.",
                    [Issue(file, "too large")]);
            }

            total += file.Size;
            files.Add(new PlannedFile(file.Path, file.Size) { Ordinal = file.Ordinal });
        }

        if (total > limits.MaxTotalBytes)
        {
            throw new ArchiveRejectedException(
                ArchiveProblem.TooLarge,
                $"The files to import add up to {ByteSize.Format(total)}, more than the limit of {ByteSize.Format(limits.MaxTotalBytes)}.");
        }

        return new ArchivePlan(format, files, Skipped, total);
    }

    private static ArchiveEntryIssue Issue(ScannedEntry entry, string reason) => new(EntryName.Display(entry.RawName), reason);
}
