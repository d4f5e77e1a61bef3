using System.Data.Common;
using System.Diagnostics;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Search;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Embeds the text blobs that workspace files point at and the current model has not embedded yet ("pending"), and
/// prunes what no file needs. Chunks belong to blobs, not files: an edit points its file at a new, pending blob (the old
/// blob's chunks stop counting for the workspace at once, through the join on the hash), and content held by many files
/// or workspaces is embedded once. Several indexers may run at once (Worker replicas, an embedded Api): on PostgreSQL
/// each pass locks the blobs it embeds (<see cref="PendingBlobLocks"/>) and skips those another indexer holds, so N
/// indexers embed N different sets of blobs. A blob's chunks and its <c>embedded_blobs</c> row are written in one
/// transaction that starts by claiming the row, the last guard for whatever the locks miss.
/// </summary>
public sealed partial class SemanticIndexer(
    BujjiDbContext db, IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingModel model, SemanticIndexMetrics metrics, TimeProvider time,
    ILogger<SemanticIndexer> logger)
{
    /// <summary>
    /// On PostgreSQL, candidates fetched per blob a pass may take: up to this many indexers find their own blobs among the
    /// same newest ones; one more finds them all locked while the others embed, and waits for the next poll (so the
    /// deployment allows at most this many Worker replicas, infra/main.bicep's workerReplicas).
    /// </summary>
    private const int CandidatesPerBlob = 4;

    /// <summary>
    /// Indexes up to <paramref name="maxBlobs"/> pending blobs, those of the most recently changed files first (what a user
    /// has just written is what they are about to ask about), leaving those another indexer is embedding to it. Returns
    /// how many this call stored; blobs another indexer stored first, or that failed to store, are not counted.
    /// </summary>
    public async Task<int> IndexPendingAsync(int maxBlobs, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlobs, 1);
        var modelId = model.Id;
        // SQLite is embedded mode: one indexer at a time (the Api's stops once a Worker beats), nothing to split; the claim
        // in StoreAsync covers a pass of each at the hand-over.
        await using var locks = db.Database.IsNpgsql() ? await PendingBlobLocks.OpenAsync(db, cancellationToken) : null;
        var fetched = locks is null ? maxBlobs : maxBlobs * CandidatesPerBlob;
        // The path is any file's that holds the blob (the first by name): it is embedded with the text, and it names the
        // language, which WorkspaceChange stores as Languages.FromPath of the same path.
        var candidates = await (from file in PendingFiles(modelId)
                                group file by file.Hash into files
                                orderby files.Max(f => f.UpdatedAt) descending, files.Key
                                select new { Hash = files.Key, Path = files.Min(f => f.Path)! })
            .Take(fetched).ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            metrics.Pending(0);
            return 0;
        }

        var taken = candidates;
        if (locks is not null)
        {
            // In the order of the query, skipping what another indexer holds; held until the pass ends, the one-by-one
            // fallback included, however it ends.
            taken = [];
            foreach (var candidate in candidates)
            {
                if (taken.Count == maxBlobs)
                {
                    break;
                }

                if (await locks.TryLockAsync(candidate.Hash, cancellationToken))
                {
                    taken.Add(candidate);
                }
            }
        }

        var hashes = taken.Select(p => p.Hash).ToList();
        // Still pending, asked after locking: another indexer may have stored a candidate and let go of it since the query.
        var texts = await db.FileBlobs.AsNoTracking()
            .Where(b => hashes.Contains(b.Hash) && b.Text != null && !db.EmbeddedBlobs.Any(e => e.BlobHash == b.Hash && e.Model == modelId))
            .ToDictionaryAsync(b => b.Hash, b => b.Text!, cancellationToken);
        var blobs = taken.Where(p => texts.ContainsKey(p.Hash))
            .Select(p => (p.Hash, Chunks: CodeChunker.Split(p.Path, Languages.FromPath(p.Path), texts[p.Hash])))
            .ToList();

        ReadOnlyMemory<float>[] vectors;
        try
        {
            vectors = await EmbedAsync([.. blobs.SelectMany(b => b.Chunks.Select(c => c.Text))], cancellationToken);
        }
        catch (Exception exception) when (blobs.Count > 1 && exception is not OperationCanceledException)
        {
            // One text the model refuses (a hosted deployment may) would fail this pass at every poll, and with it every
            // blob behind it: embed them one by one instead, so only that blob waits.
            LogBatchFailed(logger, exception, blobs.Count);
            return await IndexOneByOneAsync(blobs, cancellationToken);
        }

        var stored = 0;
        var chunks = 0;
        var next = 0;
        foreach (var (hash, blobChunks) in blobs)
        {
            var blobVectors = vectors.AsMemory(next, blobChunks.Count);
            next += blobChunks.Count;
            if (await StoreAsync(hash, blobChunks, blobVectors, cancellationToken))
            {
                stored++;
                chunks += blobChunks.Count;
            }
        }

        metrics.Indexed(stored, chunks);
        // Fewer candidates than fetched: that was all of them, less what this pass stored (those another indexer holds are
        // still pending). Otherwise count what is left.
        metrics.Pending(candidates.Count < fetched ? candidates.Count - stored : await CountPendingAsync(cancellationToken));
        LogIndexed(logger, stored, chunks, taken.Count);
        return stored;
    }

    /// <summary>
    /// Each blob in a call of its own; a blob whose call fails stays pending. Two failures in a row mean the model itself is
    /// failing, not one text: the pass ends there rather than calling a failing service once per blob.
    /// </summary>
    private async Task<int> IndexOneByOneAsync(List<(string Hash, IReadOnlyList<SourceChunk> Chunks)> blobs, CancellationToken cancellationToken)
    {
        var stored = 0;
        var chunks = 0;
        var failedInARow = 0;
        foreach (var (hash, blobChunks) in blobs)
        {
            try
            {
                var vectors = await EmbedAsync([.. blobChunks.Select(c => c.Text)], cancellationToken);
                failedInARow = 0;
                if (await StoreAsync(hash, blobChunks, vectors, cancellationToken))
                {
                    stored++;
                    chunks += blobChunks.Count;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogBlobFailed(logger, exception, hash);
                if (++failedInARow == 2)
                {
                    throw;
                }
            }
        }

        metrics.Indexed(stored, chunks);
        LogIndexed(logger, stored, chunks, blobs.Count);
        return stored;
    }

    /// <summary>Distinct blobs of text files that the current model has not embedded yet, across every workspace.</summary>
    public Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        PendingFiles(model.Id).Select(f => f.Hash).Distinct().CountAsync(cancellationToken);

    /// <summary>
    /// Drops, a batch at a time, the index of content no workspace file points at any more (deleted files, content edited
    /// away; revisions keep their blobs, not their chunks) and everything of another model than the current one. Returns
    /// the rows deleted.
    /// </summary>
    public async Task<int> PruneAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var modelId = model.Id;
        var deleted = 0;

        // Vectors of another model are never read again (a model change re-indexes everything), and no indexer writes them.
        deleted += await DeleteInBatchesAsync("chunk", db.CodeChunks.Where(c => c.Model != modelId).OrderBy(c => c.Id), batchSize, cancellationToken);
        deleted += await DeleteInBatchesAsync(
            "blob", db.EmbeddedBlobs.Where(e => e.Model != modelId).OrderBy(e => e.BlobHash).ThenBy(e => e.Model), batchSize, cancellationToken);

        while (true)
        {
            var orphans = await db.EmbeddedBlobs.Where(e => e.Model == modelId && !db.WorkspaceFiles.Any(f => f.Hash == e.BlobHash))
                .OrderBy(e => e.BlobHash).Select(e => e.BlobHash).Take(batchSize).ToListAsync(cancellationToken);
            if (orphans.Count == 0)
            {
                return deleted;
            }

            // The row goes first, asked again in its own statement (a file may have come to hold the blob since), and then
            // only chunks left without a row: committed chunks always have one, so a blob re-indexed meanwhile keeps its own.
            var (blobs, chunks) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var rows = await db.EmbeddedBlobs
                    .Where(e => e.Model == modelId && orphans.Contains(e.BlobHash) && !db.WorkspaceFiles.Any(f => f.Hash == e.BlobHash))
                    .ExecuteDeleteAsync(cancellationToken);
                var pieces = await db.CodeChunks
                    .Where(c => c.Model == modelId && orphans.Contains(c.BlobHash) && !db.EmbeddedBlobs.Any(e => e.BlobHash == c.BlobHash && e.Model == modelId))
                    .ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (rows, pieces);
            });
            metrics.Pruned("blob", blobs);
            metrics.Pruned("chunk", chunks);
            deleted += blobs + chunks;
            if (orphans.Count < batchSize)
            {
                return deleted;
            }
        }
    }

    private IQueryable<WorkspaceFile> PendingFiles(string modelId) =>
        db.WorkspaceFiles.AsNoTracking().Where(f => !f.IsBinary && !db.EmbeddedBlobs.Any(e => e.BlobHash == f.Hash && e.Model == modelId));

    /// <summary>One call for the whole pass: the generator batches (and sorts by length) internally.</summary>
    private async Task<ReadOnlyMemory<float>[]> EmbedAsync(List<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var started = Stopwatch.GetTimestamp();
        var embeddings = await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
        metrics.Embedded(Stopwatch.GetElapsedTime(started));
        if (embeddings.Count != texts.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} vectors for {texts.Count} texts.");
        }

        var vectors = embeddings.Select(e => e.Vector).ToArray();
        // Vectors of another length could never be compared with the rest of the index: better not stored at all.
        var wrong = Array.FindIndex(vectors, v => v.Length != model.Dimensions);
        if (wrong >= 0)
        {
            throw new InvalidOperationException($"The embedding generator returned a vector of {vectors[wrong].Length} values; {model.Id} has {model.Dimensions}.");
        }

        return vectors;
    }

    /// <summary>
    /// A blob's chunks and its row in one transaction. The row is claimed first with an insert that ignores a conflict:
    /// when another indexer has it (committed, or on PostgreSQL committing: the insert waits for that transaction), nothing
    /// of ours is written. False when the blob was not stored by this call. The pass's locks make that rare on PostgreSQL,
    /// not impossible: they end with their connection (one that breaks mid-pass frees its blobs for another indexer), and
    /// an indexer that takes none (an older version during a rolling upgrade) may embed the same blob.
    /// </summary>
    private async Task<bool> StoreAsync(string hash, IReadOnlyList<SourceChunk> chunks, ReadOnlyMemory<ReadOnlyMemory<float>> vectors, CancellationToken cancellationToken)
    {
        var modelId = model.Id;
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                var now = time.GetUtcNow().UtcDateTime;
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var claimed = await db.Database.ExecuteSqlAsync(
                    $"""INSERT INTO embedded_blobs ("BlobHash", "Model", "ChunkCount", "EmbeddedAt") VALUES ({hash}, {modelId}, {chunks.Count}, {now}) ON CONFLICT DO NOTHING""",
                    cancellationToken);
                if (claimed == 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }

                // Chunks without a row (a re-embed's statements racing an earlier pass of this blob) would be found twice.
                await db.CodeChunks.Where(c => c.BlobHash == hash && c.Model == modelId).ExecuteDeleteAsync(cancellationToken);

                // Fresh entities on every attempt: a failed one leaves generated ids on those it tried to insert.
                db.CodeChunks.AddRange(chunks.Select((chunk, i) => new CodeChunk
                {
                    BlobHash = hash,
                    Model = modelId,
                    StartLine = chunk.StartLine,
                    EndLine = chunk.EndLine,
                    Symbol = chunk.Symbol,
                    Kind = chunk.Kind,
                    Vector = VectorCodec.Encode(vectors.Span[i].Span),
                }));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return true;
            });
        }
        catch (Exception exception) when (exception is DbException or DbUpdateException && !cancellationToken.IsCancellationRequested)
        {
            // One blob that cannot be stored (its content deleted meanwhile, say) must not stop the others; it stays pending.
            db.ChangeTracker.Clear();
            LogStoreFailed(logger, exception, hash);
            return false;
        }
    }

    private async Task<int> DeleteInBatchesAsync<T>(string kind, IOrderedQueryable<T> rows, int batchSize, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            var batch = await rows.Take(batchSize).ExecuteDeleteAsync(cancellationToken);
            metrics.Pruned(kind, batch);
            deleted += batch;
            if (batch < batchSize)
            {
                return deleted;
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Semantic index: stored {Blobs} blob(s), {Chunks} chunk(s), of {Taken} taken")]
    private static partial void LogIndexed(ILogger logger, int blobs, int chunks, int taken);

    [LoggerMessage(LogLevel.Warning, "Semantic index: could not store blob {Hash}; it stays pending")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string hash);

    [LoggerMessage(LogLevel.Warning, "Semantic index: the model failed on a pass of {Blobs} blob(s); embedding them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int blobs);

    [LoggerMessage(LogLevel.Warning, "Semantic index: the model failed on blob {Hash}; it stays pending")]
    private static partial void LogBlobFailed(ILogger logger, Exception exception, string hash);
}
