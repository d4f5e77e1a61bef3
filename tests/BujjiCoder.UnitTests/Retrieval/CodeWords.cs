using System.Text.RegularExpressions;

namespace BujjiCoder.UnitTests.Retrieval;

/// <summary>
/// Splits text, identifiers and paths into the lower-case words a reader would see in them, so a question can be
/// compared word by word with the code it is about: "QueryCompiler_PG" → query, compiler, pg; "pg-querybuilder.js"
/// → pg, querybuilder, js; "whereJsonPath" → where, json, path.
/// </summary>
internal static partial class CodeWords
{
    /// <summary>Shorter words ("id", "sql", "pg", "on") are too common to mean anything either way.</summary>
    public const int MinimumLength = 4;

    /// <summary>
    /// English function words that knex also defines as methods (its builders have where(), with(), from(), then()):
    /// a question needs them to be a sentence, and they point at no file more than another.
    /// </summary>
    private static readonly HashSet<string> Grammar = new(StringComparer.Ordinal)
    {
        "what", "where", "which", "when", "does", "that", "this", "with", "from", "into", "then", "than", "have", "there", "they", "their", "them", "some", "only",
    };

    /// <summary>The words of <paramref name="text"/>, at least <see cref="MinimumLength"/> letters long, lower-cased, singular, without grammar words.</summary>
    public static IEnumerable<string> Of(string text) =>
        Word().Matches(text)
            .Select(match => match.Value.ToLowerInvariant())
            .Where(word => word.Length >= MinimumLength && !Grammar.Contains(word))
            .Select(Singular);

    /// <summary>
    /// Plurals count as the same word ("transactions" is "transaction"), so that a question cannot pass by adding an
    /// "s" to the name it was meant to avoid.
    /// </summary>
    private static string Singular(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;

    /// <summary>A run of capitals not followed by a lower-case letter (an acronym: "SQL" in "toSQL"), or an optional capital and lower-case letters.</summary>
    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z]+")]
    private static partial Regex Word();
}
