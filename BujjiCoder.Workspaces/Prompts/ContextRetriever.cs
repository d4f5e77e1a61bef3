using System.Text.RegularExpressions;
using BujjiCoder.Data;
using BujjiCoder.Workspaces.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.Workspaces.Prompts;

/// <summary>
/// Finds the code a question is about: the question's distinctive words are searched one by one (a sentence as a
/// whole rarely matches a line), hits are summed per file, and the best files contribute the lines around their
/// hits. The prompt builder then keeps what fits the token budget.
/// </summary>
/// <remarks>
/// Retrieval sits before a chat's first token, so its round trips are what a user waits for: the terms are searched at
/// once, each on a DbContext of its own (one context runs one query at a time), and the chosen files are read in one
/// query. Nothing here uses the caller's DbContext, so callers may run other queries beside a retrieval.
/// </remarks>
public sealed partial class ContextRetriever(IServiceScopeFactory scopes)
{
    private const int MaxTerms = 6;
    private const int MaxFiles = 8;
    private const int WindowLines = 12;

    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "with", "this", "that", "what", "how", "why", "where", "when", "does", "into", "from", "have", "has",
        "can", "you", "are", "was", "not", "but", "all", "any", "use", "used", "using", "code", "file", "files", "function",
        "please", "explain", "show", "make", "should", "would", "could", "there", "their", "them", "then", "than", "which", "about",
    };

    public async Task<IReadOnlyList<RetrievedSnippet>> RetrieveAsync(Guid workspaceId, string question, CancellationToken cancellationToken)
    {
        var terms = Words().Matches(question).Select(m => m.Value).Where(w => w.Length >= 3 && !CommonWords.Contains(w))
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Take(MaxTerms).ToList();
        var hits = (await Task.WhenAll(terms.Select(term => SearchAsync(workspaceId, term, cancellationToken)))).SelectMany(found => found);
        var files = hits.GroupBy(h => h.Path, StringComparer.Ordinal).OrderByDescending(g => g.Sum(h => h.Score)).Take(MaxFiles).ToList();
        if (files.Count == 0)
        {
            return [];
        }

        var texts = await ReadTextsAsync(workspaceId, [.. files.Select(f => f.Key)], cancellationToken);
        var snippets = new List<RetrievedSnippet>();
        foreach (var file in files)
        {
            if (texts.GetValueOrDefault(file.Key) is not { } text)
            {
                continue;
            }

            var lines = text.Split('\n');
            foreach (var (start, end, score) in Windows(file, lines.Length))
            {
                snippets.Add(new RetrievedSnippet(file.Key, start, end, string.Join('\n', lines[(start - 1)..end]), score));
            }
        }

        return snippets;
    }

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

    /// <summary>Line windows around the hits of one file, overlapping windows merged, each scored by its hits.</summary>
    private static IEnumerable<(int Start, int End, double Score)> Windows(IEnumerable<SearchHit> hits, int lineCount)
    {
        (int Start, int End, double Score)? current = null;
        foreach (var hit in hits.OrderBy(h => h.Line))
        {
            var start = Math.Max(1, hit.Line - WindowLines);
            var end = Math.Min(lineCount, hit.Line + WindowLines);
            if (current is { } open && start <= open.End + 1)
            {
                current = (open.Start, Math.Max(open.End, end), open.Score + hit.Score);
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = (start, end, hit.Score);
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Words();
}
