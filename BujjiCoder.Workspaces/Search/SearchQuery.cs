namespace BujjiCoder.Workspaces.Search;

/// <summary>A search string taken apart: the whole phrase and its whitespace-separated terms (at most eight).</summary>
public sealed record SearchQuery(string Phrase, IReadOnlyList<string> Terms)
{
    public const int MaxTerms = 8;

    public static SearchQuery Parse(string raw)
    {
        var phrase = raw.Trim();
        var terms = phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxTerms).ToList();
        return new SearchQuery(phrase, terms);
    }

    /// <summary>A LIKE pattern matching the term anywhere, with LIKE's wildcards escaped (escape character '\').</summary>
    public static string ContainsPattern(string term) =>
        "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
