using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Completion;

/// <summary>
/// Ranks the fast-path candidates. Scores are tiered so the order reads as the rules: a prefix typed in the name's own
/// case (1.0) beats any case-insensitive match, whatever else holds; within a tier, a definition (+0.3, +0.2 more when
/// it is in the file being edited), frequency in the buffer (up to +0.3) and a short name (up to +0.1) decide. The
/// bonuses add up to less than 1, so they never cross a tier.
/// </summary>
public static partial class CompletionRanker
{
    private const int MaxBufferIdentifiers = 10_000;

    public static IReadOnlyList<CompletionItem> Rank(CursorText cursor, string path, IReadOnlyList<SymbolCandidate> symbols, int limit)
    {
        var prefix = cursor.Prefix;
        if (prefix.Length == 0)
        {
            return [];
        }

        var counts = BufferIdentifiers(cursor);
        var best = new Dictionary<string, CompletionItem>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            if (!symbol.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                // The database lower-cases differently from .NET for some scripts; keep only true prefix matches.
                continue;
            }

            var bonus = 0.3 + (symbol.Path == path ? 0.2 : 0);
            Keep(best, new CompletionItem(symbol.Name, symbol.Kind.ToLowerInvariant(), Score(symbol.Name, prefix, bonus, counts.GetValueOrDefault(symbol.Name))));
        }

        foreach (var (name, count) in counts)
        {
            Keep(best, new CompletionItem(name, "identifier", Score(name, prefix, 0, count)));
        }

        return [.. best.Values
            .Where(item => item.Text != prefix)
            .OrderByDescending(item => item.Score).ThenBy(item => item.Text.Length).ThenBy(item => item.Text, StringComparer.Ordinal)
            .Take(limit)];
    }

    private static double Score(string name, string prefix, double bonus, int occurrences)
    {
        var tier = name.StartsWith(prefix, StringComparison.Ordinal) ? 1.0 : 0.0;
        var frequency = Math.Min(occurrences, 10) * 0.03;
        var shortness = 0.1 * prefix.Length / name.Length;
        return Math.Round(tier + bonus + frequency + shortness, 4);
    }

    /// <summary>A name found both as a definition and in the buffer is one item, with the better score.</summary>
    private static void Keep(Dictionary<string, CompletionItem> best, CompletionItem item)
    {
        if (!best.TryGetValue(item.Text, out var kept) || item.Score > kept.Score)
        {
            best[item.Text] = item;
        }
    }

    /// <summary>
    /// Identifiers in the buffer that start with the prefix, with how often they occur. The word under the cursor is
    /// skipped: it is what is being typed, not a suggestion.
    /// </summary>
    private static Dictionary<string, int> BufferIdentifiers(CursorText cursor)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var typedAt = cursor.Offset - cursor.Prefix.Length;
        foreach (var match in Identifier().EnumerateMatches(cursor.Text))
        {
            if (match.Index == typedAt)
            {
                continue;
            }

            var word = cursor.Text.AsSpan(match.Index, match.Length);
            if (!word.StartsWith(cursor.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = word.ToString();
            counts[name] = counts.GetValueOrDefault(name) + 1;
            if (counts.Count >= MaxBufferIdentifiers)
            {
                break;
            }
        }

        return counts;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_])[\p{L}_][\p{L}\p{Nd}_]*", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
