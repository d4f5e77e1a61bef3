using BujjiCoder.Data;
using BujjiCoder.Workspaces.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Search by meaning (the query embedded, the nearest chunks of the workspace's current files), and hybrid search: the text
/// search's files and the semantic search's files fused by <see cref="ReciprocalRankFusion"/>.
/// </summary>
public sealed class SemanticCodeSearch(BujjiDbContext db, CodeSearch text, IVectorStore vectors, IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    /// <summary>Each hit is a chunk: its first line, its first non-blank line as the snippet, and its cosine similarity.</summary>
    public async Task<IReadOnlyList<SearchHit>> SemanticAsync(Guid workspaceId, string query, int limit, CancellationToken cancellationToken)
    {
        var vector = await embeddings.GenerateVectorAsync(query, cancellationToken: cancellationToken);
        return await HitsAsync(await vectors.SearchAsync(workspaceId, vector, limit, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Files in fused order, each with its text hits and then its chunks (one hit per line), all scored with the file's fused
    /// score. A file's rank in either list is where its first hit stands.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> HybridAsync(Guid workspaceId, SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        // The model works on a core of its own while the database answers the text search.
        var vector = Task.Run(() => embeddings.GenerateVectorAsync(query.Phrase, cancellationToken: cancellationToken), cancellationToken);
        var textHits = await text.TextAsync(workspaceId, query, limit, cancellationToken);
        var semanticHits = await HitsAsync(await vectors.SearchAsync(workspaceId, await vector, limit, cancellationToken), cancellationToken);
        return Fuse(textHits, semanticHits, limit);
    }

    internal static IReadOnlyList<SearchHit> Fuse(IReadOnlyList<SearchHit> textHits, IReadOnlyList<SearchHit> semanticHits, int limit)
    {
        var byFile = textHits.Concat(semanticHits).GroupBy(h => h.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.DistinctBy(h => h.Line).ToList(), StringComparer.Ordinal);
        return [.. ReciprocalRankFusion.Fuse(textHits.Select(h => h.Path), semanticHits.Select(h => h.Path))
            .SelectMany(file => byFile[file.Key].Select(hit => hit with { Score = Math.Round(file.Score, 6) }))
            .Take(limit)];
    }

    private async Task<IReadOnlyList<SearchHit>> HitsAsync(IReadOnlyList<ScoredChunk> matches, CancellationToken cancellationToken)
    {
        if (matches.Count == 0)
        {
            return [];
        }

        var hashes = matches.Select(m => m.BlobHash).Distinct(StringComparer.Ordinal).ToList();
        var lines = (await db.FileBlobs.AsNoTracking().Where(b => hashes.Contains(b.Hash)).Select(b => new { b.Hash, b.Text }).ToListAsync(cancellationToken))
            .ToDictionary(b => b.Hash, b => (b.Text ?? string.Empty).Split('\n'), StringComparer.Ordinal);
        return [.. matches.Select(m => new SearchHit(
            m.Path, m.StartLine, FirstNonBlank(lines.GetValueOrDefault(m.BlobHash, []), m.StartLine, m.EndLine), Math.Round(m.Score, 4), m.Symbol, m.Kind))];
    }

    private static string FirstNonBlank(string[] lines, int start, int end)
    {
        for (var line = Math.Max(start, 1); line <= Math.Min(end, lines.Length); line++)
        {
            if (!string.IsNullOrWhiteSpace(lines[line - 1]))
            {
                return LineMatcher.Snippet(lines[line - 1].TrimEnd('\r'), 0);
            }
        }

        return string.Empty;
    }
}
