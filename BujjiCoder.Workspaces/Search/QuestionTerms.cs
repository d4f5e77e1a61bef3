using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// The words of a question worth searching for: letters, digits and underscores, at least three characters, and none of
/// the common English and question words that every file holds (searched, "how" finds "show" and "howl" in a word list).
/// </summary>
public static partial class QuestionTerms
{
    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "with", "this", "that", "what", "how", "why", "where", "when", "does", "into", "from", "have", "has",
        "can", "you", "are", "was", "not", "but", "all", "any", "use", "used", "using", "code", "file", "files", "function",
        "please", "explain", "show", "make", "should", "would", "could", "there", "their", "them", "then", "than", "which", "about",
    };

    /// <summary>At most <paramref name="count"/> distinct distinctive words, longest first (the longer, the rarer).</summary>
    public static IReadOnlyList<string> Distinctive(string question, int count) =>
        [.. Words().Matches(question).Select(m => m.Value).Where(w => w.Length >= 3 && !CommonWords.Contains(w))
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Take(count)];

    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Words();
}
