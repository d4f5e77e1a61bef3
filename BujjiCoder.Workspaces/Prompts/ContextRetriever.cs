using System.Text.RegularExpressions;
using BujjiCoder.Data;
using BujjiCoder.Workspaces.Search;
using BujjiCoder.Workspaces.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace BujjiCoder.Workspaces.Prompts;

/// <summary>
/// Finds the code a question is about: the question's distinctive words are searched one by one (a sentence as a
/// whole rarely matches a line), hits are summed per file, and the best files contribute the lines around their
/// hits. The prompt builder then keeps what fits the token budget. With the SemanticSearch flag on, retrieval is hybrid:
/// the question is also embedded and its nearest chunks found, the files of both lists are fused by
/// <see cref="ReciprocalRankFusion"/>, and a chosen file contributes the lines around its word hits and its near chunks.
/// </summary>
/// <remarks>
/// Retrieval sits before a chat's first token, so its round trips are what a user waits for: the terms are searched at
/// once, each on a DbContext of its own (one context runs one query at a time), and the chosen files are read in one
/// query; the semantic search runs beside the term searches, on a scope of its own. Nothing here uses the caller's DbContext, so callers may run other queries beside a retrieval.
/// </remarks>
public sealed partial class ContextRetriever(IServiceScopeFactory scopes, IFeatureManager features, ILogger<ContextRetriever> logger)
{
    private const int MaxTerms = 6;
    private const int MaxFiles = 8;
    private const int WindowLines = 12;

    /// <summary>Chunks asked of the vector search: enough to rank more files than are kept, as the term searches do.</summary>
    private const int NearestChunks = 16;

    /// <summary>
    /// Hybrid snippets score their file's fused score plus their own hits' score times this: small enough never to lift a
    /// snippet above a better fused file (adjacent ranks differ by 2e-4 at the eighth file), large enough to order a file's own.
    /// </summary>
    private const double WithinFileWeight = 1e-6;

    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "with", "this", "that", "what", "how", "why", "where", "when", "does", "into", "from", "have", "has",
        "can", "you", "are", "was", "not", "but", "all", "any", "use", "used", "using", "code", "file", "files", "function",
        "please", "explain", "show", "make", "should", "would", "could", "there", "their", "them", "then", "than", "which", "about",
    };

    public async Task<IReadOnlyList<RetrievedSnippet>> RetrieveAsync(Guid workspaceId, string question, CancellationToken cancellationToken)
    {
        var hybrid = await features.IsEnabledAsync(SemanticSearchFeature.Flag);
        var nearest = hybrid ? NearestAsync(workspaceId, question, cancellationToken) : Task.FromResult<IReadOnlyList<ScoredChunk>>([]);
        var terms = Words().Matches(question).Select(m => m.Value).Where(w => w.Length >= 3 && !CommonWords.Contains(w))
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Take(MaxTerms).ToList();
        var hits = (await Task.WhenAll(terms.Select(term => SearchAsync(workspaceId, term, cancellationToken)))).SelectMany(found => found);
        var byWords = hits.GroupBy(h => h.Path, StringComparer.Ordinal).OrderByDescending(g => g.Sum(h => h.Score)).ToList();
        var files = hybrid
            ? Fuse(byWords, await nearest)
            : [.. byWords.Take(MaxFiles).Select(file => new ChosenFile(file.Key, Around(file), null))];
        if (files.Count == 0)
        {
            return [];
        }

        var texts = await ReadTextsAsync(workspaceId, [.. files.Select(f => f.Path)], cancellationToken);
        var snippets = new List<RetrievedSnippet>();
        foreach (var file in files)
        {
            if (texts.GetValueOrDefault(file.Path) is not { } text)
            {
                continue;
            }

            var lines = text.Split('\n');
            foreach (var (start, end, score) in Windows(file.Ranges, lines.Length))
            {
                var ranked = file.FusedScore is { } fused ? fused + (score * WithinFileWeight) : score;
                snippets.Add(new RetrievedSnippet(file.Path, start, end, string.Join('\n', lines[(start - 1)..end]), ranked));
            }
        }

        return snippets;
    }

    /// <summary>The files the words and the meaning rank best together, with the lines around their word hits and their chunks.</summary>
    private static List<ChosenFile> Fuse(List<IGrouping<string, SearchHit>> byWords, IReadOnlyList<ScoredChunk> nearest)
    {
        var words = byWords.ToDictionary(g => g.Key, g => g, StringComparer.Ordinal);
        return [.. ReciprocalRankFusion.Fuse(byWords.Select(g => g.Key), nearest.Select(m => m.Path)).Take(MaxFiles).Select(file => new ChosenFile(
            file.Key,
            [.. (words.TryGetValue(file.Key, out var hits) ? Around(hits) : []),
             .. nearest.Where(m => m.Path == file.Key).Select(m => (m.StartLine, m.EndLine, m.Score))],
            file.Score))];
    }

    private static List<(int Start, int End, double Score)> Around(IEnumerable<SearchHit> hits) =>
        [.. hits.Select(hit => (hit.Line - WindowLines, hit.Line + WindowLines, hit.Score))];

    /// <summary>
    /// The chunks nearest the question; none when the embedding model fails (a hosted one may be down), since an answer
    /// grounded by words alone is better than no answer.
    /// </summary>
    private async Task<IReadOnlyList<ScoredChunk>> NearestAsync(Guid workspaceId, string question, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var embeddings = scope.ServiceProvider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            // The model runs on the CPU: off this thread, so the term searches start at once beside it.
            var vector = await Task.Run(() => embeddings.GenerateVectorAsync(question, cancellationToken: cancellationToken), cancellationToken);
            return await scope.ServiceProvider.GetRequiredService<IVectorStore>().SearchAsync(workspaceId, vector, NearestChunks, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSemanticRetrievalFailed(logger, exception);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Semantic retrieval failed; this question is grounded by its words only")]
    private static partial void LogSemanticRetrievalFailed(ILogger logger, Exception exception);

    private async Task<IReadOnlyList<SearchHit>> SearchAsync(Guid workspaceId, string term, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CodeSearch>().TextAsync(workspaceId, SearchQuery.Parse(term), 10, cancellationToken);
    }

    /// <summary>The text of each of <paramref name="paths"/> that still exists and is text (a binary file has none).</summary>
    private async Task<Dictionary<string, string>> ReadTextsAsync(Guid workspaceId, List<string> paths, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var found = await (from file in db.WorkspaceFiles.AsNoTracking()
                           join blob in db.FileBlobs on file.Hash equals blob.Hash
                           where file.WorkspaceId == workspaceId && paths.Contains(file.Path) && blob.Text != null
                           select new { file.Path, blob.Text }).ToListAsync(cancellationToken);
        return found.ToDictionary(f => f.Path, f => f.Text!, StringComparer.Ordinal);
    }

    /// <summary>
    /// The line ranges of one file (windows around its hits, its chunks) cut to the file, overlapping ones merged, each
    /// scored by the sum of what it holds.
    /// </summary>
    internal static IEnumerable<(int Start, int End, double Score)> Windows(IEnumerable<(int Start, int End, double Score)> ranges, int lineCount)
    {
        (int Start, int End, double Score)? current = null;
        foreach (var range in ranges.OrderBy(r => r.Start).ThenBy(r => r.End))
        {
            var start = Math.Clamp(range.Start, 1, lineCount);
            var end = Math.Clamp(range.End, start, lineCount);
            if (current is { } open && start <= open.End + 1)
            {
                current = (open.Start, Math.Max(open.End, end), open.Score + range.Score);
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = (start, end, range.Score);
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    /// <summary>A file chosen for the prompt: the line ranges it contributes, and its fused score when retrieval was hybrid.</summary>
    private sealed record ChosenFile(string Path, List<(int Start, int End, double Score)> Ranges, double? FusedScore);

    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Words();
}
