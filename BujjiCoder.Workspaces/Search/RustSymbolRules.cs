using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Rust: items are introduced by keywords (fn, struct, enum, trait, type, mod, const, static), so they are matched
/// at any depth; a fn directly in an impl or trait body is a Method. `impl` itself names no new symbol.
/// </summary>
public sealed partial class RustSymbolRules : ISymbolRules
{
    private const RegexOptions Options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
    private const int Timeout = SymbolExtractor.MatchTimeoutMilliseconds;
    private const string Visibility = @"(?:pub(?:\s*\([^)]*\))?\s+)?";

    public LexicalRules Lexical => LexicalRules.Rust;

    public void Match(SourceLine line, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        if (scanner.Brackets > 0)
        {
            return;
        }

        var text = line.Text;
        if (FnPattern().Match(text) is { Success: true } fn)
        {
            var kind = scanner.Enclosing is { IsMemberBody: true } ? SymbolKind.Method : SymbolKind.Function;
            symbols.Add(new(fn.Groups["name"].Value, kind, line.Number));
            scanner.Pending = null;
        }
        else if (ItemPattern().Match(text) is { Success: true } item)
        {
            var name = item.Groups["name"].Value;
            var kind = item.Groups["keyword"].Value switch
            {
                "struct" => SymbolKind.Struct,
                "enum" => SymbolKind.Enum,
                "trait" => SymbolKind.Trait,
                "mod" => SymbolKind.Module,
                _ => SymbolKind.Type,
            };
            symbols.Add(new(name, kind, line.Number));
            scanner.Pending = kind == SymbolKind.Trait ? CodeBlock.Members(name) : null;
        }
        else if (ConstantPattern().Match(text) is { Success: true } constant && constant.Groups["name"].Value != "_")
        {
            symbols.Add(new(constant.Groups["name"].Value, SymbolKind.Constant, line.Number));
        }
        else if (ImplPattern().IsMatch(text))
        {
            scanner.Pending = CodeBlock.Members(string.Empty);
        }
    }

    [GeneratedRegex(@"^\s*" + Visibility + @"(?:default\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+(?:""[^""]*""\s+)?)?fn\s+(?<name>\w+)", Options, Timeout)]
    private static partial Regex FnPattern();

    [GeneratedRegex(@"^\s*" + Visibility + @"(?:unsafe\s+)?(?:auto\s+)?(?<keyword>struct|enum|trait|type|mod)\s+(?<name>\w+)", Options, Timeout)]
    private static partial Regex ItemPattern();

    [GeneratedRegex(@"^\s*" + Visibility + @"(?:const|static)\s+(?:mut\s+)?(?<name>\w+)\s*:", Options, Timeout)]
    private static partial Regex ConstantPattern();

    [GeneratedRegex(@"^\s*(?:unsafe\s+)?impl\b", Options, Timeout)]
    private static partial Regex ImplPattern();
}
