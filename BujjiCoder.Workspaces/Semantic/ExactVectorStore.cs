using System.Numerics.Tensors;
using BujjiCoder.Data;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Exact nearest-chunk search in process: every chunk of the workspace's indexed current files is scored against the query
/// with a SIMD dot product (the vectors are unit length, so that is the cosine). Per query the database is asked only for
/// the workspace's indexed files (path and hash) and for the chunks of blobs not in <see cref="BlobVectorCache"/> yet.
/// </summary>
/// <remarks>
/// Files are found through workspace_files, so a deleted file is gone from the next query and an edited file is searched
/// by its new blob only once that is embedded (until then it is pending, not stale). Runs the same on PostgreSQL and SQLite:
/// the vectors are plain bytes to both.
/// </remarks>
public sealed partial class ExactVectorStore(BujjiDbContext db, BlobVectorCache cache, EmbeddingModel model, ILogger<ExactVectorStore> logger) : IVectorStore
{
    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(Guid workspaceId, ReadOnlyMemory<float> query, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var files = await (from file in db.WorkspaceFiles.AsNoTracking()
                           join embedded in db.EmbeddedBlobs on file.Hash equals embedded.BlobHash
                           where file.WorkspaceId == workspaceId && embedded.Model == model.Id && embedded.ChunkCount > 0
                           select new { file.Path, file.Hash }).ToListAsync(cancellationToken);

        var hashes = files.Select(f => f.Hash).Distinct(StringComparer.Ordinal).ToList();
        var blobs = new Dictionary<string, BlobVectors>(StringComparer.Ordinal);
        if (Cached(hashes, blobs) is { Count: > 0 })
        {
            await cache.Loading.WaitAsync(cancellationToken);
            try
            {
                // Asked again under the lock: a query that held it may have loaded them.
                foreach (var batch in Cached(hashes, blobs).Chunk(LoadBatch))
                {
                    await LoadAsync([.. batch], blobs, cancellationToken);
                }
            }
            finally
            {
                cache.Loading.Release();
            }

            var needed = blobs.Values.Sum(b => b.Size);
            if (needed > cache.Capacity && cache.FirstWarningFor(workspaceId))
            {
                LogOverCapacity(logger, workspaceId, needed / (1024 * 1024), cache.Capacity / (1024 * 1024));
            }
        }

        return Rank(query.Span, files.Select(f => (f.Path, f.Hash, blobs.GetValueOrDefault(f.Hash, BlobVectors.Empty))), limit);
    }

    /// <summary>The <paramref name="limit"/> chunks nearest <paramref name="query"/>, nearest first (ties by path, then line).</summary>
    internal static IReadOnlyList<ScoredChunk> Rank(ReadOnlySpan<float> query, IEnumerable<(string Path, string Hash, BlobVectors Vectors)> files, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        // A min-heap of the best so far: its root is the one a better chunk replaces.
        var best = new PriorityQueue<(string Path, string Hash, ChunkInfo Chunk), double>(limit + 1);
        foreach (var (path, hash, vectors) in files)
        {
            if (vectors.Chunks.Count > 0 && vectors.Dimensions != query.Length)
            {
                throw new InvalidOperationException($"Blob {hash} has {vectors.Dimensions}-dimension vectors; the query has {query.Length}.");
            }

            for (var i = 0; i < vectors.Chunks.Count; i++)
            {
                var score = TensorPrimitives.Dot(query, vectors.VectorOf(i));
                if (best.Count < limit)
                {
                    best.Enqueue((path, hash, vectors.Chunks[i]), score);
                }
                else if (best.TryPeek(out _, out var worst) && score > worst)
                {
                    best.EnqueueDequeue((path, hash, vectors.Chunks[i]), score);
                }
            }
        }

        return [.. best.UnorderedItems
            .Select(item => new ScoredChunk(item.Element.Path, item.Element.Hash, item.Element.Chunk.StartLine, item.Element.Chunk.EndLine,
                item.Element.Chunk.Symbol, item.Element.Chunk.Kind, item.Priority))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.StartLine)];
    }

    /// <summary>Blobs read from the database at a time: bounds the rows (and their bytes) held at once before decoding.</summary>
    private const int LoadBatch = 1_000;

    /// <summary>Puts the cached ones of <paramref name="hashes"/> into <paramref name="into"/>; returns the others.</summary>
    private List<string> Cached(List<string> hashes, Dictionary<string, BlobVectors> into)
    {
        var missing = new List<string>();
        foreach (var hash in hashes.Where(h => !into.ContainsKey(h)))
        {
            if (cache.TryGet(hash, model.Id, out var vectors))
            {
                into[hash] = vectors;
            }
            else
            {
                missing.Add(hash);
            }
        }

        return missing;
    }

    [LoggerMessage(LogLevel.Warning,
        "Workspace {WorkspaceId} has {NeededMegabytes} MB of vectors and Retrieval:VectorCacheMegabytes is {CapacityMegabytes}: its semantic searches read vectors from the database every time; raise the setting, or use Retrieval:VectorStore=Pgvector")]
    private static partial void LogOverCapacity(ILogger logger, Guid workspaceId, long neededMegabytes, long capacityMegabytes);

    private async Task LoadAsync(List<string> hashes, Dictionary<string, BlobVectors> into, CancellationToken cancellationToken)
    {
        var chunks = await db.CodeChunks.AsNoTracking()
            .Where(c => c.Model == model.Id && hashes.Contains(c.BlobHash))
            .Select(c => new { c.BlobHash, c.StartLine, c.EndLine, c.Symbol, c.Kind, c.Vector })
            .ToListAsync(cancellationToken);
        foreach (var blob in chunks.GroupBy(c => c.BlobHash, StringComparer.Ordinal))
        {
            var ordered = blob.OrderBy(c => c.StartLine).ToList();
            var dimensions = ordered[0].Vector.Length / sizeof(float);
            var flat = new float[ordered.Count * dimensions];
            for (var i = 0; i < ordered.Count; i++)
            {
                VectorCodec.Decode(ordered[i].Vector).CopyTo(flat.AsSpan(i * dimensions, dimensions));
            }

            var vectors = new BlobVectors([.. ordered.Select(c => new ChunkInfo(c.StartLine, c.EndLine, c.Symbol, c.Kind))], flat, dimensions);
            cache.Set(blob.Key, model.Id, vectors);
            into[blob.Key] = vectors;
        }
    }
}
