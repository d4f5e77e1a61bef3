using BujjiCoder.Workspaces.Search;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Files;

/// <summary>
/// One change in progress, inside <see cref="WorkspaceStore.ChangeAsync"/>'s transaction. Reads see the
/// change's own writes; limits are checked on every write so a large import stops at the first file over.
/// </summary>
public sealed class WorkspaceChange(
    BujjiDbContext db, Guid workspaceId, string authorId, DateTime now, string? rulesHash, int fileCount, long totalBytes, WorkspaceLimits limits)
{
    private const int FlushEvery = 500;

    private readonly Dictionary<string, WorkspaceFile?> files = new(StringComparer.Ordinal);
    private readonly HashSet<string> knownBlobs = new(StringComparer.Ordinal);

    // Rows deleted but not yet flushed: writing the path again revives the tracked row instead of adding a twin.
    private readonly Dictionary<string, WorkspaceFile> removed = new(StringComparer.Ordinal);
    // With every row loaded (an import), how many files each directory holds, to refuse file/directory clashes
    // without a query per file.
    private readonly Dictionary<string, int> directoryFiles = new(StringComparer.Ordinal);
    // On PostgreSQL new content is stored in batches at each flush rather than a statement per file.
    private readonly PostgresBlobBatch? blobBatch = db.Database.IsNpgsql() ? new PostgresBlobBatch(db) : null;
    private string? rules = rulesHash;
    private bool allFilesLoaded;
    private int pendingWrites;

    /// <summary>Paths changed so far, with the hash each had before the change began and has now.</summary>
    public Dictionary<string, RevisionFile> Changed { get; } = new(StringComparer.Ordinal);

    /// <summary>Loads every file row at once; worth it before touching many paths (an import).</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        if (!allFilesLoaded)
        {
            await foreach (var file in db.WorkspaceFiles.Where(f => f.WorkspaceId == workspaceId).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                files.TryAdd(file.Path, file);
            }

            allFilesLoaded = true;
            foreach (var path in files.Where(pair => pair.Value is not null).Select(pair => pair.Key))
            {
                CountDirectories(path, 1);
            }
        }
    }

    /// <summary>The hash the path has at this point of the change, or null when there is no such file.</summary>
    public async Task<string?> HashOfAsync(string path, CancellationToken cancellationToken) =>
        path == WorkspaceStore.RulesPath ? rules : (await FindAsync(path, cancellationToken))?.Hash;

    /// <summary>The path's content at this point of the change, or null when there is no such file.</summary>
    public async Task<FileBlob?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var hash = await HashOfAsync(path, cancellationToken);
        if (hash is not null && blobBatch?.Contains(hash) == true)
        {
            await blobBatch.WriteAsync(now, cancellationToken);
        }

        return hash is null ? null : await db.FileBlobs.AsNoTracking().SingleAsync(b => b.Hash == hash, cancellationToken);
    }

    /// <summary>The path's text at this point of the change; a missing or binary file fails the change.</summary>
    public async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        var blob = await ReadAsync(path, cancellationToken)
            ?? throw new WorkspaceChangeException(ChangeFailure.FileNotFound, $"'{path}' does not exist.", path);
        return blob.Text ?? throw new WorkspaceChangeException(ChangeFailure.BinaryFile, $"'{path}' is a binary file.", path);
    }

    /// <summary>
    /// Writes a file (or the rules text). <paramref name="expectedHash"/> is the If-Match precondition:
    /// "*" means the file must exist, a hash means it must have that content; <paramref name="mustNotExist"/>
    /// is If-None-Match: *. Returns the content's hash.
    /// </summary>
    public async Task<string> WriteAsync(string path, FileContent content, CancellationToken cancellationToken, string? expectedHash = null, bool mustNotExist = false)
    {
        var before = await HashOfAsync(path, cancellationToken);
        CheckPrecondition(path, before, expectedHash, mustNotExist);
        if (content.Size > limits.MaxFileBytes)
        {
            throw new WorkspaceChangeException(ChangeFailure.LimitExceeded, $"'{path}' is {content.Size:N0} bytes; files are limited to {limits.MaxFileBytes:N0} bytes.", path);
        }

        if (before == content.Hash)
        {
            return content.Hash;
        }

        await EnsureBlobAsync(content, path, cancellationToken);
        if (path == WorkspaceStore.RulesPath)
        {
            await SetRulesAsync(content.Hash, cancellationToken);
        }
        else
        {
            var file = await FindAsync(path, cancellationToken);
            if (file is null)
            {
                await CheckNoClashAsync(path, cancellationToken);
                CheckUsage(fileCount + 1, totalBytes + content.Size, path);
                fileCount++;
                totalBytes += content.Size;
                if (removed.Remove(path, out var revived))
                {
                    // A row added and removed within this change was never stored: add it again, don't update it.
                    if (db.Entry(revived).State == EntityState.Detached)
                    {
                        db.WorkspaceFiles.Add(revived);
                    }
                    else
                    {
                        db.Entry(revived).State = EntityState.Modified;
                    }

                    file = revived;
                }
                else
                {
                    file = new WorkspaceFile { WorkspaceId = workspaceId, Path = path, Hash = content.Hash, UpdatedBy = authorId };
                    db.WorkspaceFiles.Add(file);
                }

                files[path] = file;
                CountDirectories(path, 1);
            }
            else
            {
                CheckUsage(fileCount, totalBytes - file.Size + content.Size, path);
                totalBytes += content.Size - file.Size;
            }

            file.Hash = content.Hash;
            file.Size = content.Size;
            file.IsBinary = content.IsBinary;
            file.Language = Languages.FromPath(path);
            file.UpdatedBy = authorId;
            file.UpdatedAt = now;
        }

        Record(path, before, content.Hash);
        await CountWriteAsync(cancellationToken);
        return content.Hash;
    }

    /// <summary>Deletes a file (or clears the rules).</summary>
    public async Task DeleteAsync(string path, CancellationToken cancellationToken, string? expectedHash = null)
    {
        var before = await HashOfAsync(path, cancellationToken);
        if (before is null)
        {
            throw new WorkspaceChangeException(ChangeFailure.FileNotFound, $"'{path}' does not exist.", path);
        }

        CheckPrecondition(path, before, expectedHash, mustNotExist: false);
        if (path == WorkspaceStore.RulesPath)
        {
            await SetRulesAsync(null, cancellationToken);
        }
        else
        {
            var file = (await FindAsync(path, cancellationToken))!;
            db.WorkspaceFiles.Remove(file);
            removed[path] = file;
            files[path] = null;
            CountDirectories(path, -1);
            fileCount--;
            totalBytes -= file.Size;
        }

        Record(path, before, null);
        await CountWriteAsync(cancellationToken);
    }

    /// <summary>Writes what is pending; the transaction stays open.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // Blobs first: the file rows about to be saved reference them.
        if (blobBatch is not null)
        {
            await blobBatch.WriteAsync(now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        removed.Clear();
        pendingWrites = 0;
    }

    private static void CheckPrecondition(string path, string? before, string? expectedHash, bool mustNotExist)
    {
        if (mustNotExist && before is not null)
        {
            throw new WorkspaceChangeException(ChangeFailure.PreconditionFailed, $"'{path}' already exists.", path, before);
        }

        if (expectedHash is not null && (before is null || (expectedHash != "*" && expectedHash != before)))
        {
            throw new WorkspaceChangeException(ChangeFailure.PreconditionFailed,
                before is null ? $"'{path}' does not exist." : $"'{path}' has changed since you read it.", path, before);
        }
    }

    /// <summary>A new file must not sit below a file ("a" then "a/b") nor take the name of a directory ("a/b" then "a").</summary>
    private async Task CheckNoClashAsync(string path, CancellationToken cancellationToken)
    {
        var ancestors = Ancestors(path).ToList();
        bool underFile, isDirectory;
        if (allFilesLoaded)
        {
            underFile = ancestors.Any(ancestor => files.GetValueOrDefault(ancestor) is not null);
            isDirectory = directoryFiles.GetValueOrDefault(path) > 0;
        }
        else
        {
            // Paths already known to this change decide first; the database answers for the rest.
            underFile = ancestors.Any(ancestor => files.GetValueOrDefault(ancestor) is not null)
                || await db.WorkspaceFiles.AnyAsync(f => f.WorkspaceId == workspaceId && ancestors.Contains(f.Path), cancellationToken);
            var directory = path + "/";
            var length = directory.EnumerateRunes().Count();
            isDirectory = files.Any(pair => pair.Value is not null && pair.Key.StartsWith(directory, StringComparison.Ordinal))
                || await db.WorkspaceFiles.AnyAsync(f => f.WorkspaceId == workspaceId && f.Path.Substring(0, length) == directory, cancellationToken);
        }

        if (underFile || isDirectory)
        {
            throw new WorkspaceChangeException(ChangeFailure.Conflict,
                underFile ? $"'{path}' would be inside a file." : $"'{path}' is a directory.", path);
        }
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    private void CountDirectories(string path, int delta)
    {
        if (allFilesLoaded)
        {
            foreach (var ancestor in Ancestors(path))
            {
                directoryFiles[ancestor] = directoryFiles.GetValueOrDefault(ancestor) + delta;
            }
        }
    }

    private void CheckUsage(int count, long bytes, string path)
    {
        if (count > limits.MaxFilesPerWorkspace)
        {
            throw new WorkspaceChangeException(ChangeFailure.LimitExceeded, $"A workspace holds at most {limits.MaxFilesPerWorkspace:N0} files.", path);
        }

        if (bytes > limits.MaxWorkspaceBytes)
        {
            throw new WorkspaceChangeException(ChangeFailure.LimitExceeded, $"A workspace holds at most {limits.MaxWorkspaceBytes:N0} bytes.", path);
        }
    }

    private void Record(string path, string? before, string? after)
    {
        if (Changed.TryGetValue(path, out var earlier))
        {
            // Several steps on one path make one entry: from what it was before the change to what it is now.
            earlier.AfterHash = after;
            if (earlier.BeforeHash == after)
            {
                Changed.Remove(path);
            }
        }
        else
        {
            Changed[path] = new RevisionFile { Path = path, BeforeHash = before, AfterHash = after };
        }
    }

    private async Task<WorkspaceFile?> FindAsync(string path, CancellationToken cancellationToken)
    {
        if (files.TryGetValue(path, out var known) || allFilesLoaded)
        {
            return known;
        }

        var file = await db.WorkspaceFiles.SingleOrDefaultAsync(f => f.WorkspaceId == workspaceId && f.Path == path, cancellationToken);
        files[path] = file;
        return file;
    }

    private async Task SetRulesAsync(string? hash, CancellationToken cancellationToken)
    {
        await db.Workspaces.Where(w => w.Id == workspaceId).ExecuteUpdateAsync(set => set.SetProperty(w => w.RulesHash, hash), cancellationToken);
        rules = hash;
    }

    /// <summary>
    /// Stores the content once for everyone (on PostgreSQL, queued for <see cref="PostgresBlobBatch"/>). ON CONFLICT DO NOTHING (same syntax on PostgreSQL and SQLite) makes
    /// two transactions storing the same new content both succeed; only the one that inserted indexes symbols.
    /// On PostgreSQL an existing blob is then locked FOR KEY SHARE, as a foreign key check would, so the Worker's
    /// blob collector cannot delete it before this change commits; if it already has, the blob is inserted again.
    /// (On SQLite the change holds the database's only write lock, so the collector cannot interleave.)
    /// </summary>
    private async Task EnsureBlobAsync(FileContent content, string path, CancellationToken cancellationToken)
    {
        if (!knownBlobs.Add(content.Hash))
        {
            return;
        }

        if (blobBatch is not null)
        {
            blobBatch.Add(content, path);
            if (path == WorkspaceStore.RulesPath)
            {
                // The workspace row's foreign key needs the blob before the rules hash is set.
                await blobBatch.WriteAsync(now, cancellationToken);
            }

            return;
        }

        var data = content.IsBinary ? content.Bytes : null;
        while (true)
        {
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO file_blobs ("Hash", "Size", "Text", "Data", "CreatedAt")
                VALUES ({content.Hash}, {content.Size}, {content.Text}, {data}, {now})
                ON CONFLICT ("Hash") DO NOTHING
                """, cancellationToken);
            if (inserted == 1)
            {
                if (content.Text is not null)
                {
                    db.BlobSymbols.AddRange(SymbolExtractor.Extract(Languages.FromPath(path), content.Text).Select(symbol => new BlobSymbol
                    {
                        BlobHash = content.Hash,
                        Name = symbol.Name.Length > 256 ? symbol.Name[..256] : symbol.Name,
                        Kind = symbol.Kind.ToString(),
                        Line = symbol.Line,
                    }));
                }

                return;
            }

            if (!db.Database.IsNpgsql()
                || (await db.Database.SqlQuery<int>($"""SELECT 1 AS "Value" FROM file_blobs WHERE "Hash" = {content.Hash} FOR KEY SHARE""").ToListAsync(cancellationToken)).Count == 1)
            {
                return;
            }
        }
    }

    private async Task CountWriteAsync(CancellationToken cancellationToken)
    {
        if (++pendingWrites >= FlushEvery || blobBatch?.IsFull == true)
        {
            // Keeps a large import's memory flat: written rows leave the change tracker.
            await FlushAsync(cancellationToken);
            foreach (var entry in db.ChangeTracker.Entries<BlobSymbol>().ToList())
            {
                entry.State = EntityState.Detached;
            }
        }
    }
}
