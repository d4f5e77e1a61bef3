using System.Runtime.CompilerServices;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Workspaces.Files;

/// <summary>A file's current row and its content.</summary>
public sealed record StoredFile(WorkspaceFile File, string? Text, byte[]? Data)
{
    public byte[] Bytes => FileContent.BytesOf(Text, Data);
}

/// <summary>
/// Reads workspace files and runs changes to them. A change runs in one transaction that first bumps the
/// workspace's revision counter (taking its row lock), so changes to one workspace are serialised: what a
/// change reads cannot be changed by anyone else before it commits, and it commits as a whole or not at all.
/// </summary>
public sealed class WorkspaceStore(BujjiDbContext db, IOptions<WorkspaceLimits> limits, TimeProvider time)
{
    /// <summary>The rules text travels through changes and revisions under this path, which no file can have (':' is refused in paths).</summary>
    public const string RulesPath = ":rules";

    // Compiled: reading a file is the hottest query of the workspace routes, and the CPU trace showed EF's per-call work on
    // an uncompiled query's expression tree under every such request. Once per model: a compiled query refuses a model
    // other than its first, and a process may hold two (the PostgreSQL and SQLite contexts, as the tests do).
    private static readonly ConditionalWeakTable<IModel, Func<BujjiDbContext, Guid, string, CancellationToken, Task<StoredFile?>>> FileAt = [];

    public Task<StoredFile?> ReadAsync(Guid workspaceId, string path, CancellationToken cancellationToken) =>
        FileAt.GetValue(db.Model, static _ => EF.CompileAsyncQuery((BujjiDbContext db, Guid workspaceId, string path, CancellationToken _) =>
            (from file in db.WorkspaceFiles.AsNoTracking()
             join blob in db.FileBlobs on file.Hash equals blob.Hash
             where file.WorkspaceId == workspaceId && file.Path == path
             select new StoredFile(file, blob.Text, blob.Data)).SingleOrDefault()))(db, workspaceId, path, cancellationToken);

    /// <summary>The workspace's rules text (and its hash, the rules' ETag), or null when it has none.</summary>
    public Task<FileBlob?> ReadRulesAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (from workspace in db.Workspaces
         join blob in db.FileBlobs on workspace.RulesHash equals blob.Hash
         where workspace.Id == workspaceId
         select blob).AsNoTracking().SingleOrDefaultAsync(cancellationToken);

    public async Task<FileBlob?> ReadBlobAsync(string? hash, CancellationToken cancellationToken) =>
        hash is null ? null : await db.FileBlobs.AsNoTracking().SingleOrDefaultAsync(b => b.Hash == hash, cancellationToken);

    /// <summary>
    /// Runs <paramref name="change"/> against the workspace in one transaction and records what it did as a
    /// revision. Returns null when the change turned out to change nothing (no revision is made).
    /// Throws <see cref="WorkspaceChangeException"/> when it cannot be made; nothing is then stored.
    /// </summary>
    /// <param name="beforeCommit">
    /// Runs in the same transaction once the revision is written, just before the commit, so that what the caller
    /// records about the change (an import job's outcome) commits with it or not at all; throwing rolls both back.
    /// </param>
    public Task<WorkspaceRevision?> ChangeAsync(
        Guid workspaceId, string authorId, RevisionKind kind, string message, Func<WorkspaceChange, Task> change,
        CancellationToken cancellationToken, Guid? revertOf = null, Func<WorkspaceRevision, CancellationToken, Task>? beforeCommit = null)
    {
        // The database may retry a transaction after a transient failure, so the whole unit is re-runnable.
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async cancellation =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            var now = time.GetUtcNow().UtcDateTime;
            var bumped = await db.Workspaces.Where(w => w.Id == workspaceId).ExecuteUpdateAsync(
                set => set.SetProperty(w => w.RevisionCount, w => w.RevisionCount + 1).SetProperty(w => w.UpdatedAt, now), cancellation);
            if (bumped == 0)
            {
                throw new WorkspaceChangeException(ChangeFailure.WorkspaceNotFound, "The workspace does not exist.");
            }

            var head = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
                .Select(w => new { w.RevisionCount, w.RulesHash }).SingleAsync(cancellation);
            var usage = await db.WorkspaceFiles.Where(f => f.WorkspaceId == workspaceId)
                .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Bytes = g.Sum(f => f.Size) }).SingleOrDefaultAsync(cancellation);

            var session = new WorkspaceChange(db, workspaceId, authorId, now, head.RulesHash, usage?.Count ?? 0, usage?.Bytes ?? 0, limits.Value);
            await change(session);
            if (session.Changed.Count == 0)
            {
                // Rolling back also undoes the counter bump: an empty change leaves no trace.
                return null;
            }

            await session.FlushAsync(cancellation);
            var revision = new WorkspaceRevision
            {
                Id = Guid.CreateVersion7(),
                WorkspaceId = workspaceId,
                Number = head.RevisionCount,
                AuthorId = authorId,
                At = now,
                Message = message.Length > 2000 ? message[..2000] : message,
                Kind = kind,
                RevertOf = revertOf,
                Files = [.. session.Changed.Values],
            };
            db.WorkspaceRevisions.Add(revision);
            await db.SaveChangesAsync(cancellation);
            if (beforeCommit is not null)
            {
                await beforeCommit(revision, cancellation);
            }

            await transaction.CommitAsync(cancellation);
            db.ChangeTracker.Clear();
            return revision;
        }, cancellationToken);
    }
}
