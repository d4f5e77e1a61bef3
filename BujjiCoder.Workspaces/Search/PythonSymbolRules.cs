using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Python: `class` and `def` at any indentation. Indentation says what encloses a def, so a def directly in a
/// class is a Method and any other (top level, nested in a function) is a Function.
/// </summary>
public sealed partial class PythonSymbolRules : ISymbolRules
{
    private const RegexOptions Options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
    private const int Timeout = SymbolExtractor.MatchTimeoutMilliseconds;

    // The open scopes (class or def) by indentation; a code line at or left of a scope's indentation closes it.
    private readonly Stack<(int Indent, bool IsClass)> _scopes = new();

    public LexicalRules Lexical => LexicalRules.Python;

    public void Match(SourceLine line, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        var text = line.Text;

        // Continuation lines inside brackets may be indented anyhow; they neither close scopes nor declare.
        if (scanner.Brackets > 0 || string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var indent = text.Length - text.TrimStart().Length;
        while (_scopes.Count > 0 && _scopes.Peek().Indent >= indent)
        {
            _scopes.Pop();
        }

        if (DefPattern().Match(text) is { Success: true } def)
        {
            var kind = _scopes.TryPeek(out var scope) && scope.IsClass ? SymbolKind.Method : SymbolKind.Function;
            symbols.Add(new(def.Groups["name"].Value, kind, line.Number));
            _scopes.Push((indent, false));
        }
        else if (ClassPattern().Match(text) is { Success: true } @class)
        {
            symbols.Add(new(@class.Groups["name"].Value, SymbolKind.Class, line.Number));
            _scopes.Push((indent, true));
        }
    }

    [GeneratedRegex(@"^\s*(?:async\s+)?def\s+(?<name>\w+)\s*[\[(]", Options, Timeout)]
    private static partial Regex DefPattern();

    [GeneratedRegex(@"^\s*class\s+(?<name>\w+)\s*[\[(:]", Options, Timeout)]
    private static partial Regex ClassPattern();
}
