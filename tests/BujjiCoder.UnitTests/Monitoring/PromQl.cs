using System.Text.RegularExpressions;

namespace BujjiCoder.UnitTests.Monitoring;

/// <summary>The metric names a PromQL expression selects; enough PromQL for our rules and dashboard, not a parser.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
        ["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan"];

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        // Strings, label matchers, ranges and grouping lists hold label names and durations, never metric names.
        var bare = Quoted().Replace(expression, "");
        bare = Braces().Replace(bare, " ");
        bare = Brackets().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        return Identifier().Matches(bare).Select(m => m.Value).Where(name => !Keywords.Contains(name)).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    // An identifier that is not a function call (atomic, so "rate(" does not yield "rat").
    [GeneratedRegex(@"(?<![\w:.])(?>[a-zA-Z_:][\w:]*)(?!\s*\()")]
    private static partial Regex Identifier();
}
