namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// The second pass's guard against an archive that differs from the one the first pass checked: each planned file
/// must be the same kind of entry, at the same position, with the same path and exactly the planned size.
/// </summary>
public static class ArchiveChange
{
    public static ArchiveRejectedException Detected(PlannedFile file) => new(
        ArchiveProblem.Invalid,
        $"The archive changed after it was checked (at '{EntryName.Display(file.Path)}'); the import was stopped.",
        [new ArchiveEntryIssue(EntryName.Display(file.Path), "changed since it was checked")]);

    /// <summary>A buffer sized for the planned content, so the common case needs no copy.</summary>
    public static MemoryStream Buffer(PlannedFile file, ArchiveLimits limits) =>
        new((int)Math.Clamp(file.Size, 0, Math.Min(limits.MaxFileBytes, Array.MaxLength)));

    public static ArchiveFile Verified(PlannedFile file, long size, MemoryStream content)
    {
        if (size != file.Size)
        {
            throw Detected(file);
        }

        var bytes = content.Capacity == content.Length ? content.GetBuffer() : content.ToArray();
        return new ArchiveFile(file.Path, bytes);
    }
}
