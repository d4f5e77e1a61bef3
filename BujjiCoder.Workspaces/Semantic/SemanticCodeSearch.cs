using BujjiCoder.Data;
using BujjiCoder.Workspaces.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Search by meaning (the query embedded, the nearest chunks of the workspace's current files), and hybrid search: the text
/// search's files and the semantic search's files fused by <see cref="HybridFusion"/>. When the embedding model fails, search
/// by meaning throws <see cref="EmbeddingUnavailableException"/> and hybrid search answers with its words alone.
/// </summary>
public sealed partial class SemanticCodeSearch(
    BujjiDbContext db, CodeSearch text, IVectorStore vectors, IEmbeddingGenerator<string, Embedding<float>> embeddings, ILogger<SemanticCodeSearch> logger)
{
    /// <summary>Each hit is a chunk: its definition's line (else its first non-blank line) with that line as the snippet, and its cosine similarity.</summary>
    /// <exception cref="EmbeddingUnavailableException">The embedding model failed.</exception>
    public async Task<IReadOnlyList<SearchHit>> SemanticAsync(Guid workspaceId, string query, int limit, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<float> vector;
        try
        {
            vector = await embeddings.GenerateVectorAsync(query, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (IsModelFailure(exception, cancellationToken))
        {
            LogSemanticSearchFailed(logger, exception);
            throw new EmbeddingUnavailableException(exception);
        }

        return await HitsAsync(await vectors.SearchAsync(workspaceId, vector, limit, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Files in fused order, each with its text hits and then its chunks (one hit per line), all scored with the file's fused
    /// score. A file's rank in either list counts the distinct files before its first hit.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> HybridAsync(Guid workspaceId, SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        // The model works on a core of its own while the database answers the text search.
        var vector = Task.Run(() => embeddings.GenerateVectorAsync(query.Phrase, cancellationToken: cancellationToken), cancellationToken);
        // The words worth searching for: a question's "how", "do" and "we" match inside any word of a word list. A query
        // of nothing but such words ("db", "function") is searched as typed: it is what the user is looking for.
        var terms = QuestionTerms.Distinctive(query.Phrase, SearchQuery.MaxTerms);
        var words = terms.Count > 0 ? new SearchQuery(query.Phrase, terms) : query;
        var textHits = await text.TextAsync(workspaceId, words, limit, cancellationToken);
        ReadOnlyMemory<float> queryVector;
        try
        {
            queryVector = await vector;
        }
        catch (Exception exception) when (IsModelFailure(exception, cancellationToken))
        {
            // As chat's retrieval does: the words' hits are a useful answer, an error is not.
            LogHybridSearchFellBackToWords(logger, exception);
            return Fuse(textHits, [], limit);
        }

        var semanticHits = await HitsAsync(await vectors.SearchAsync(workspaceId, queryVector, limit, cancellationToken), cancellationToken);
        return Fuse(textHits, semanticHits, limit);
    }

    /// <summary>
    /// Anything the model throws except the request's own cancellation: a hosted model's client timing out throws
    /// <see cref="OperationCanceledException"/> too, and that is the model failing, not the caller going away.
    /// </summary>
    private static bool IsModelFailure(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding model failed; search by meaning is answered 503 embedding-model-unavailable")]
    private static partial void LogSemanticSearchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding model failed; hybrid search is answered by its words only")]
    private static partial void LogHybridSearchFellBackToWords(ILogger logger, Exception exception);

    internal static IReadOnlyList<SearchHit> Fuse(IReadOnlyList<SearchHit> textHits, IReadOnlyList<SearchHit> semanticHits, int limit)
    {
        var byFile = textHits.Concat(semanticHits).GroupBy(h => h.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.DistinctBy(h => h.Line).ToList(), StringComparer.Ordinal);
        return [.. HybridFusion.Files(textHits.Select(h => h.Path), semanticHits.Select(h => h.Path))
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
        return [.. matches.Select(m =>
        {
            var text = lines.GetValueOrDefault(m.BlobHash, []);
            var line = ShownLine(text, m);
            return new SearchHit(m.Path, line, line <= text.Length ? LineMatcher.Snippet(text[line - 1].TrimEnd('\r'), 0) : string.Empty,
                Math.Round(m.Score, 4), m.Symbol, m.Kind);
        })];
    }

    /// <summary>
    /// The line a chunk is shown by: its definition's line when it starts at one (a chunk begins with the comments above its
    /// definition, and "/// &lt;summary&gt;" says nothing), else its first non-blank line.
    /// </summary>
    private static int ShownLine(string[] lines, ScoredChunk chunk)
    {
        var first = Math.Max(chunk.StartLine, 1);
        var last = Math.Min(chunk.EndLine, lines.Length);
        var range = Enumerable.Range(first, Math.Max(0, last - first + 1));
        if (chunk.Symbol is { } symbol && range.FirstOrDefault(line => lines[line - 1].Contains(symbol, StringComparison.Ordinal)) is > 0 and var definition)
        {
            return definition;
        }

        return range.FirstOrDefault(line => !string.IsNullOrWhiteSpace(lines[line - 1]), chunk.StartLine);
    }
}
