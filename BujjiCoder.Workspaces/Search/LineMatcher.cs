namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Finds the lines of a file that match a query, so hits point at exact lines. A line scores by the share of
/// terms it holds, more when it holds the whole phrase, more again when it defines a symbol.
/// </summary>
public static class LineMatcher
{
    private const int SnippetLength = 240;

    public static IEnumerable<SearchHit> Match(string path, string text, SearchQuery query, IReadOnlySet<int> definitionLines, double fileBonus, int maxHits)
    {
        var hits = new List<SearchHit>();
        var lineNumber = 0;
        for (var rest = text.AsSpan(); !rest.IsEmpty || lineNumber == 0; )
        {
            var line = NextLine(ref rest);
            lineNumber++;
            var found = 0;
            var firstAt = -1;
            foreach (var term in query.Terms)
            {
                var at = line.IndexOf(term, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    found++;
                    firstAt = firstAt < 0 ? at : Math.Min(firstAt, at);
                }
            }

            if (found == 0)
            {
                continue;
            }

            var score = (double)found / query.Terms.Count;
            if (query.Terms.Count > 1 && line.IndexOf(query.Phrase, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                score += 0.5;
            }

            if (definitionLines.Contains(lineNumber))
            {
                score += 0.5;
            }

            hits.Add(new SearchHit(path, lineNumber, Snippet(line, firstAt), Math.Round(score + fileBonus, 4)));
        }

        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.Line).Take(maxHits);
    }

    /// <summary>The line without its indentation, cut around the first match when it is long.</summary>
    public static string Snippet(ReadOnlySpan<char> line, int matchAt)
    {
        var trimmed = line.TrimStart();
        matchAt = Math.Max(0, matchAt - (line.Length - trimmed.Length));
        if (trimmed.Length <= SnippetLength)
        {
            return trimmed.TrimEnd().ToString();
        }

        var start = Math.Clamp(matchAt - (SnippetLength / 4), 0, trimmed.Length - SnippetLength);
        return trimmed.Slice(start, SnippetLength).ToString();
    }

    /// <summary>The 1-based line of a text, or empty when it has fewer lines.</summary>
    public static string LineAt(string text, int line)
    {
        var rest = text.AsSpan();
        for (var number = 1; number < line && !rest.IsEmpty; number++)
        {
            NextLine(ref rest);
        }

        return rest.IsEmpty ? string.Empty : Snippet(NextLine(ref rest), 0);
    }

    /// <summary>
    /// Takes the next line off <paramref name="rest"/>. Only '\n' ends a line (a '\r' before it is dropped), as
    /// in editors and diffs; span.EnumerateLines would also split on form feeds and Unicode separators.
    /// </summary>
    private static ReadOnlySpan<char> NextLine(ref ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOf('\n');
        var line = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[(end + 1)..];
        return line.EndsWith('\r') ? line[..^1] : line;
    }
}
