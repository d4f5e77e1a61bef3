using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Files;

/// <summary>
/// Directory listings computed by the database: a directory's subdirectories come back as one grouped row each
/// (name, total size), its own files with their metadata, so listing the root of a 20,000-file workspace moves a
/// handful of rows, not 20,000.
/// </summary>
public static class WorkspaceTree
{
    /// <summary>The entries directly under <paramref name="directory"/> ("" for the root), or null when there is no such directory.</summary>
    public static async Task<List<TreeEntry>?> ListAsync(BujjiDbContext db, Guid ws, string directory, CancellationToken cancellationToken)
    {
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        var length = CodePoints(prefix);
        var below = Below(db, ws, prefix).Select(f => new { f.Path, Rest = f.Path.Substring(length), f.Size });
        var directories = await below
            .Where(f => f.Rest.Contains("/"))
            .GroupBy(f => f.Rest.Substring(0, f.Rest.IndexOf("/")))
            .Select(g => new { Name = g.Key, Size = g.Sum(f => f.Size) })
            .ToListAsync(cancellationToken);
        var files = await Below(db, ws, prefix).Where(f => !f.Path.Substring(length).Contains("/")).ToListAsync(cancellationToken);
        if (prefix.Length > 0 && directories.Count == 0 && files.Count == 0)
        {
            return null;
        }

        return
        [
            .. directories.Select(d => new TreeEntry(prefix + d.Name, "dir", d.Size)).OrderBy(e => e.Path, StringComparer.Ordinal),
            .. files.Select(File).OrderBy(e => e.Path, StringComparer.Ordinal),
        ];
    }

    /// <summary>Every file under <paramref name="directory"/>, or null when there is none.</summary>
    public static async Task<List<TreeEntry>?> ListRecursiveAsync(BujjiDbContext db, Guid ws, string directory, CancellationToken cancellationToken)
    {
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        var files = await Below(db, ws, prefix).ToListAsync(cancellationToken);
        return prefix.Length > 0 && files.Count == 0 ? null : [.. files.Select(File).OrderBy(e => e.Path, StringComparer.Ordinal)];
    }

    public static TreeEntry File(WorkspaceFile file) =>
        new(file.Path, "file", file.Size, ETags.For(file.Hash), file.Language, file.IsBinary, file.UpdatedBy, file.UpdatedAt);

    /// <summary>Files under the prefix, compared exactly (SQLite's LIKE would ignore case and read '_' as a wildcard).</summary>
    private static IQueryable<WorkspaceFile> Below(BujjiDbContext db, Guid ws, string prefix)
    {
        var length = CodePoints(prefix);
        return db.WorkspaceFiles.AsNoTracking().Where(f => f.WorkspaceId == ws && (length == 0 || f.Path.Substring(0, length) == prefix));
    }

    /// <summary>SQL's substr and length count code points, .NET's Length counts UTF-16 units (an emoji is two).</summary>
    private static int CodePoints(string text) => text.EnumerateRunes().Count();
}
