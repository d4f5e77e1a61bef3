using System.Text.RegularExpressions;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.Workspaces.Prompts;

/// <summary>
/// Finds the code a question is about: the question's distinctive words are searched one by one (a sentence as a
/// whole rarely matches a line), hits are summed per file, and the best files contribute the lines around their
/// hits. The prompt builder then keeps what fits the token budget.
/// </summary>
public sealed partial class ContextRetriever(CodeSearch search, WorkspaceStore store)
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
        var hits = new List<SearchHit>();
        foreach (var term in terms)
        {
            hits.AddRange(await search.TextAsync(workspaceId, SearchQuery.Parse(term), 10, cancellationToken));
        }

        var snippets = new List<RetrievedSnippet>();
        foreach (var file in hits.GroupBy(h => h.Path, StringComparer.Ordinal).OrderByDescending(g => g.Sum(h => h.Score)).Take(MaxFiles))
        {
            var stored = await store.ReadAsync(workspaceId, file.Key, cancellationToken);
            if (stored?.Text is not { } text)
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
