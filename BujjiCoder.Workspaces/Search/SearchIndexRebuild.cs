using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Search;

/// <summary>What a rebuild of the search index did.</summary>
public sealed record SearchIndexRebuilt(int Blobs, int Symbols, bool DatabaseIndexesRebuilt);

/// <summary>
/// Rebuilds the search index from the files themselves, for an operator (the <c>reindex</c> command of the runbook).
/// Symbols are extracted in code when a blob is first written, so they are lost or stale when rows were deleted by
/// hand, a restore was partial or the extractors improved: they are extracted again from every text blob. The text
/// indexes are the database's own (PostgreSQL's generated tsvector with its GIN and trigram indexes, SQLite's FTS5
/// table), so they are rebuilt by the database: <c>REINDEX … CONCURRENTLY</c> (searches keep working meanwhile) or the
/// FTS5 <c>rebuild</c> command. Those are whole-table, so they run only when no workspace is named.
/// </summary>
public sealed class SearchIndexRebuild(BujjiDbContext db)
{
    private const int Batch = 200;

    public async Task<SearchIndexRebuilt> RunAsync(Guid? workspaceId, CancellationToken cancellationToken)
    {
        var files = db.WorkspaceFiles.AsNoTracking().Where(f => workspaceId == null || f.WorkspaceId == workspaceId);
        // A blob's language comes from a path that holds it; content-addressed blobs may sit at several, any will do.
        var blobs = await (from file in files
                           join blob in db.FileBlobs on file.Hash equals blob.Hash
                           where blob.Text != null
                           group file.Path by file.Hash into paths
                           select new { Hash = paths.Key, Path = paths.Min()! })
            .OrderBy(b => b.Hash).ToListAsync(cancellationToken);

        var symbols = 0;
        foreach (var chunk in blobs.Chunk(Batch))
        {
            var hashes = chunk.Select(b => b.Hash).ToList();
            var texts = await db.FileBlobs.AsNoTracking().Where(b => hashes.Contains(b.Hash))
                .ToDictionaryAsync(b => b.Hash, b => b.Text!, cancellationToken);
            // One batch at a time, deleted and reinserted in one transaction: a search meanwhile sees the old symbols or the new.
            var extracted = chunk.SelectMany(blob => SymbolExtractor.Extract(Languages.FromPath(blob.Path), texts[blob.Hash]).Select(symbol => new BlobSymbol
            {
                BlobHash = blob.Hash,
                Name = symbol.Name.Length > 256 ? symbol.Name[..256] : symbol.Name,
                Kind = symbol.Kind.ToString(),
                Line = symbol.Line,
            })).ToList();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.BlobSymbols.Where(s => hashes.Contains(s.BlobHash)).ExecuteDeleteAsync(cancellationToken);
                // Fresh entities for each attempt: a failed one leaves its generated ids on those it tried to insert.
                db.BlobSymbols.AddRange(extracted.Select(s => new BlobSymbol { BlobHash = s.BlobHash, Name = s.Name, Kind = s.Kind, Line = s.Line }));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
            db.ChangeTracker.Clear();
            symbols += extracted.Count;
        }

        if (workspaceId is not null)
        {
            return new SearchIndexRebuilt(blobs.Count, symbols, DatabaseIndexesRebuilt: false);
        }

        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("REINDEX TABLE CONCURRENTLY file_blobs", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("REINDEX TABLE CONCURRENTLY blob_symbols", cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO file_blobs_fts(file_blobs_fts) VALUES('rebuild')", cancellationToken);
        }

        return new SearchIndexRebuilt(blobs.Count, symbols, DatabaseIndexesRebuilt: true);
    }
}
