namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// What the first pass collects while going through the entries, whatever the format: the entries that can be
/// imported, the unsafe ones (all of them, so the uploader sees every problem at once) and the unnamed ones.
/// </summary>
public sealed class ArchiveScan(ArchiveLimits limits)
{
    private readonly List<ArchiveEntryIssue> _unsafe = [];

    public List<ScannedEntry> Entries { get; } = [];

    /// <summary>Entries skipped before any rule applies (no name), by ordinal.</summary>
    public List<(int Ordinal, ArchiveEntryIssue Issue)> Skipped { get; } = [];

    public int Count { get; private set; }

    /// <summary>Counts one more entry of any kind and returns its ordinal; stops at the first entry over the limit.</summary>
    public int Next()
    {
        if (Count >= limits.MaxEntries)
        {
            throw TooMany(limits);
        }

        return Count++;
    }

    public static ArchiveRejectedException TooMany(ArchiveLimits limits) =>
        new(ArchiveProblem.TooManyEntries, $"The archive has more than {limits.MaxEntries} entries.");

    public void Unsafe(string rawName, string reason) => _unsafe.Add(new ArchiveEntryIssue(EntryName.Display(rawName), reason));

    /// <summary>
    /// A link or special file: unsafe, unless its (safe) name puts it in a folder that is never imported, such as
    /// the links npm keeps in node_modules/.bin; it is then skipped like the rest of that folder.
    /// </summary>
    public void NotAFile(int ordinal, string rawName, string reason)
    {
        if (EntryName.Resolve(rawName, isDirectory: false, out var path, out _) == EntryNameKind.Safe && ImportSelection.ExcludedSegment(path) is { } folder)
        {
            Skipped.Add((ordinal, new ArchiveEntryIssue(EntryName.Display(rawName), $"{reason} inside {folder}/")));
        }
        else
        {
            Unsafe(rawName, reason);
        }
    }

    /// <summary>Checks an entry's name; unsafe names are recorded and null returned.</summary>
    public string? Name(int ordinal, string rawName, bool isDirectory)
    {
        switch (EntryName.Resolve(rawName, isDirectory, out var path, out var error))
        {
            case EntryNameKind.Safe:
                return path;
            case EntryNameKind.Unsafe:
                Unsafe(rawName, "unsafe path: " + error);
                return null;
            default:
                if (!isDirectory)
                {
                    Skipped.Add((ordinal, new ArchiveEntryIssue(EntryName.Display(rawName), "empty name")));
                }

                return null;
        }
    }

    public void ThrowIfUnsafe()
    {
        if (_unsafe.Count == 0)
        {
            return;
        }

        const int Named = 5;
        var names = string.Join(", ", _unsafe.Take(Named).Select(issue => $"'{issue.Path}' ({issue.Reason})"));
        var more = _unsafe.Count > Named ? $" and {_unsafe.Count - Named} more" : string.Empty;
        var count = _unsafe.Count == 1 ? "an unsafe entry" : $"{_unsafe.Count} unsafe entries";
        throw new ArchiveRejectedException(
            ArchiveProblem.Unsafe,
            $"The archive contains {count}: {names}{more}. Only plain files and directories inside the workspace can be imported.",
            _unsafe);
    }
}
