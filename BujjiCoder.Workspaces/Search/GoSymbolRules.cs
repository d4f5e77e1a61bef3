using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Go: gofmt puts every top-level declaration at column 0, so funcs, types and constants are matched there
/// only (a func literal inside a body is indented); methods are funcs with a receiver. Grouped declarations,
/// `type (` and `const (`, list one name per line; interface bodies list method signatures.
/// </summary>
public sealed partial class GoSymbolRules : ISymbolRules
{
    private const RegexOptions Options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
    private const int Timeout = SymbolExtractor.MatchTimeoutMilliseconds;

    // The group being listed: SymbolKind.Type for `type (`, Constant for `const (`, null outside groups.
    private SymbolKind? _group;

    public LexicalRules Lexical => LexicalRules.Go;

    public void Match(SourceLine line, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        var text = line.Text;
        if (scanner.Enclosing is null && _group is { } group)
        {
            MatchGroupEntry(line, group, scanner, symbols);
            return;
        }

        if (scanner.Enclosing is { IsMemberBody: true } && scanner.Brackets == 0 && InterfaceMethodPattern().Match(text) is { Success: true } signature)
        {
            symbols.Add(new(signature.Groups["name"].Value, SymbolKind.Method, line.Number));
            return;
        }

        if (scanner.Enclosing is not null || scanner.Brackets > 0)
        {
            return;
        }

        if (FuncPattern().Match(text) is { Success: true } func)
        {
            var kind = func.Groups["receiver"].Success ? SymbolKind.Method : SymbolKind.Function;
            symbols.Add(new(func.Groups["name"].Value, kind, line.Number));
        }
        else if (GroupPattern().Match(text) is { Success: true } opened)
        {
            _group = opened.Groups["keyword"].Value == "type" ? SymbolKind.Type : SymbolKind.Constant;
        }
        else if (TypePattern().Match(text) is { Success: true } type)
        {
            AddType(type, line.Number, scanner, symbols);
        }
        else if (ConstantPattern().Match(text) is { Success: true } constant && constant.Groups["name"].Value != "_")
        {
            symbols.Add(new(constant.Groups["name"].Value, SymbolKind.Constant, line.Number));
        }
    }

    private void MatchGroupEntry(SourceLine line, SymbolKind group, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        if (line.Text.TrimStart().StartsWith(')'))
        {
            _group = null;
            return;
        }

        // Entries sit directly in the group's '('; deeper lines belong to an entry's own value.
        if (scanner.Brackets != 1)
        {
            return;
        }

        if (group == SymbolKind.Type && GroupTypePattern().Match(line.Text) is { Success: true } type)
        {
            AddType(type, line.Number, scanner, symbols);
        }
        else if (group == SymbolKind.Constant && GroupConstantPattern().Match(line.Text) is { Success: true } constant && constant.Groups["name"].Value != "_")
        {
            symbols.Add(new(constant.Groups["name"].Value, SymbolKind.Constant, line.Number));
        }
    }

    private static void AddType(Match type, int line, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        var name = type.Groups["name"].Value;
        var kind = type.Groups["keyword"].Value switch
        {
            "struct" => SymbolKind.Struct,
            "interface" => SymbolKind.Interface,
            _ => SymbolKind.Type,
        };
        symbols.Add(new(name, kind, line));
        scanner.Pending = kind == SymbolKind.Interface ? CodeBlock.Members(name) : null;
    }

    // `func Name(`, `func Name[T any](`, `func (s *Server) Name(`.
    [GeneratedRegex(@"^func\s*(?:\((?<receiver>[^)]*)\)\s*)?(?<name>\w+)\s*[\[(]", Options, Timeout)]
    private static partial Regex FuncPattern();

    [GeneratedRegex(@"^(?<keyword>type|const)\s*\(\s*$", Options, Timeout)]
    private static partial Regex GroupPattern();

    [GeneratedRegex(@"^type\s+(?<name>\w+)\s*(?:\[[^\]]*\]\s*)?(?:=\s*)?(?<keyword>struct|interface)?\b", Options, Timeout)]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^\s+(?<name>\w+)\s*(?:\[[^\]]*\]\s*)?(?:=\s*)?(?<keyword>struct|interface)?\b", Options, Timeout)]
    private static partial Regex GroupTypePattern();

    [GeneratedRegex(@"^const\s+(?<name>\w+)\b", Options, Timeout)]
    private static partial Regex ConstantPattern();

    [GeneratedRegex(@"^\s+(?<name>\w+)\b", Options, Timeout)]
    private static partial Regex GroupConstantPattern();

    [GeneratedRegex(@"^\s*(?<name>\w+)\s*\(", Options, Timeout)]
    private static partial Regex InterfaceMethodPattern();
}
