using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Finds definitions (classes, functions, methods...) in source text so code search can rank them above mere
/// mentions. Deliberately line-based with anchored, source-generated regexes rather than real parsers: no
/// dependencies, linear in file size, and wrong answers stay local to a line. It prefers missing a definition to
/// reporting something that is not one, since everything reported is ranked first.
/// </summary>
public static class SymbolExtractor
{
    /// <summary>A generated or hostile file must not flood the index.</summary>
    public const int MaximumSymbols = 5_000;

    /// <summary>
    /// Longer lines are minified code or data; no hand-written declaration is this long, and skipping them bounds
    /// the work any one regex match can do.
    /// </summary>
    public const int MaximumLineLength = 1_000;

    /// <summary>Per-match timeout of every pattern, in milliseconds; a line whose match times out is skipped.</summary>
    internal const int MatchTimeoutMilliseconds = 200;

    private static readonly FrozenDictionary<string, Func<ISymbolRules>> RulesByLanguage = new Dictionary<string, Func<ISymbolRules>>(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = static () => new CSharpSymbolRules(),
        ["typescript"] = static () => new TypeScriptSymbolRules(),
        ["javascript"] = static () => new TypeScriptSymbolRules(),
        ["python"] = static () => new PythonSymbolRules(),
        ["go"] = static () => new GoSymbolRules(),
        ["java"] = static () => new JavaSymbolRules(),
        ["rust"] = static () => new RustSymbolRules(),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The definitions in <paramref name="text"/>, in line order; empty for unsupported languages.</summary>
    public static IReadOnlyList<CodeSymbol> Extract(string? language, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (language is null || !RulesByLanguage.TryGetValue(language, out var create))
        {
            return [];
        }

        var rules = create();
        var scanner = new CodeScanner(rules.Lexical);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        var symbols = new List<CodeSymbol>();
        for (var i = 0; i < lines.Length && symbols.Count < MaximumSymbols; i++)
        {
            var line = lines[i];
            if (scanner.InCode && line.Length <= MaximumLineLength && !IsCommentLine(line, rules.Lexical))
            {
                try
                {
                    rules.Match(new SourceLine(lines, i), scanner, symbols);
                }
                catch (RegexMatchTimeoutException)
                {
                    // A pathological line: give it up, keep the rest of the file.
                }
            }

            scanner.Scan(line);
        }

        if (symbols.Count > MaximumSymbols)
        {
            symbols.RemoveRange(MaximumSymbols, symbols.Count - MaximumSymbols);
        }

        return symbols;
    }

    private static bool IsCommentLine(string line, LexicalRules lexical)
    {
        var trimmed = line.AsSpan().TrimStart();
        if (trimmed.StartsWith(lexical.LineComment, StringComparison.Ordinal))
        {
            return true;
        }

        // " * text" and " */" continue a block comment; "*keys() {" is a JavaScript generator method.
        return lexical.BlockComments
            && (trimmed.StartsWith("/*", StringComparison.Ordinal)
                || (trimmed.StartsWith('*') && (trimmed.Length == 1 || char.IsWhiteSpace(trimmed[1]) || trimmed[1] == '/')));
    }
}
