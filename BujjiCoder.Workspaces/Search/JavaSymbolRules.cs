using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Java: types anywhere; methods, constructors and constants only directly in a type body, so a call such as
/// `foo(x);`, `new Foo(` or `if (` inside a method body can never be taken for a declaration.
/// </summary>
public sealed partial class JavaSymbolRules : ISymbolRules
{
    private const RegexOptions Options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
    private const int Timeout = SymbolExtractor.MatchTimeoutMilliseconds;

    // Modifier runs are atomic: a modifier is never a type or name, and backtracking into long runs is quadratic.
    private const string Annotations = @"(?:@[\w.]+(?:\([^)]*\))?\s+)*";
    private const string TypeModifiers = @"(?>(?:(?:public|protected|private|static|abstract|final|sealed|non-sealed|strictfp)\s+)*)";
    private const string MemberModifiers = @"(?<modifiers>(?>(?:(?:public|protected|private|static|abstract|final|synchronized|native|default|strictfp|transient|volatile)\s+)*))";
    private const string TypeParameters = @"(?:<[^()]*>\s+)?";
    private const string TypeName = @"(?<type>[\w.$]+(?:<[^;=(){}]*>)?(?:\[\])*)";

    private static readonly FrozenSet<string> NotTypes = FrozenSet.ToFrozenSet(
    [
        "return", "new", "throw", "else", "case", "yield", "assert", "package", "import", "if", "for", "while",
        "switch", "catch", "synchronized", "do", "try", "finally", "instanceof", "this", "super", "class", "interface",
        "enum", "record",
    ]);

    public LexicalRules Lexical => LexicalRules.CLike;

    public void Match(SourceLine line, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        if (scanner.Brackets > 0)
        {
            return;
        }

        var text = line.Text;
        if (TypePattern().Match(text) is { Success: true } type)
        {
            var name = type.Groups["name"].Value;
            var kind = type.Groups["keyword"].Value switch
            {
                "class" => SymbolKind.Class,
                "enum" => SymbolKind.Enum,
                "record" => SymbolKind.Record,
                _ => SymbolKind.Interface,
            };
            symbols.Add(new(name, kind, line.Number));
            scanner.Pending = CodeBlock.Members(name);
            return;
        }

        if (scanner.Enclosing is not { IsMemberBody: true } body)
        {
            return;
        }

        if (ConstructorPattern().Match(text) is { Success: true } constructor && constructor.Groups["name"].Value == body.Name)
        {
            symbols.Add(new(body.Name, SymbolKind.Method, line.Number));
            scanner.Pending = null;
        }
        else if (MethodPattern().Match(text) is { Success: true } method && IsMemberShape(method))
        {
            symbols.Add(new(method.Groups["name"].Value, SymbolKind.Method, line.Number));
            scanner.Pending = null;
        }
        else if (FieldPattern().Match(text) is { Success: true } field && IsMemberShape(field) && IsConstant(field.Groups["modifiers"].Value))
        {
            symbols.Add(new(field.Groups["name"].Value, SymbolKind.Constant, line.Number));
        }
    }

    private static bool IsMemberShape(Match match) =>
        !NotTypes.Contains(match.Groups["type"].Value) && !NotTypes.Contains(match.Groups["name"].Value);

    // Only `static final` fields are constants; other fields are state, not definitions worth ranking.
    private static bool IsConstant(string modifiers) =>
        modifiers.Contains("static", StringComparison.Ordinal) && modifiers.Contains("final", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*" + Annotations + TypeModifiers + @"(?<keyword>class|interface|@interface|enum|record)\s+(?<name>\w+)", Options, Timeout)]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^\s*" + Annotations + @"(?:(?:public|protected|private)\s+)?" + TypeParameters + @"(?<name>\w+)\s*\(", Options, Timeout)]
    private static partial Regex ConstructorPattern();

    [GeneratedRegex(@"^\s*" + Annotations + MemberModifiers + TypeParameters + TypeName + @"\s+(?<name>\w+)\s*\(", Options, Timeout)]
    private static partial Regex MethodPattern();

    [GeneratedRegex(@"^\s*" + Annotations + MemberModifiers + TypeName + @"\s+(?<name>\w+)\s*[=;]", Options, Timeout)]
    private static partial Regex FieldPattern();
}
