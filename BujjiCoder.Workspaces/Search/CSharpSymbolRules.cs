using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// C#: namespaces and types anywhere; methods, constructors, properties and constants only directly in a type
/// body, where statements cannot occur, so calls and control flow are never mistaken for members.
/// </summary>
public sealed partial class CSharpSymbolRules : ISymbolRules
{
    private const RegexOptions Options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
    private const int Timeout = SymbolExtractor.MatchTimeoutMilliseconds;

    // Modifier runs are atomic groups: a modifier is never a type or a name, so giving one back on a failed match
    // could only succeed where other patterns apply (constructors), and backtracking into long runs is quadratic.
    private const string Attributes = @"(?:\[[^\]]*\]\s*)*";
    private const string TypeModifiers = @"(?>(?:(?:public|private|protected|internal|static|abstract|sealed|partial|readonly|ref|unsafe|new|file)\s+)*)";
    private const string MemberModifiers = @"(?>(?:(?:public|private|protected|internal|static|virtual|override|abstract|sealed|async|extern|unsafe|new|partial|readonly|required|volatile|ref)\s+)*)";

    // A type as written before a member name: a tuple, or a (qualified, generic) name; then nullable, arrays, pointer.
    private const string TypeName = @"(?:\((?:[^()]|\([^()]*\))*\)|[\w.:]+(?:<[^;=(){}]*>)?)\??(?:\[[,\s]*\]\??)*\*?";

    // Words that can stand where a return type or member name would, but then mean something else.
    private static readonly FrozenSet<string> NotTypes = FrozenSet.ToFrozenSet(
    [
        "public", "private", "protected", "internal", "static", "virtual", "override", "abstract", "sealed", "async",
        "extern", "unsafe", "new", "partial", "readonly", "required", "volatile", "ref", "return", "throw", "await",
        "else", "yield", "case", "goto", "using", "operator", "implicit", "explicit", "event", "const", "delegate",
        "class", "struct", "interface", "enum", "record", "namespace", "if", "for", "foreach", "while", "switch",
        "catch", "lock", "fixed", "do", "in", "is", "as", "out", "params", "this", "base", "typeof", "sizeof",
        "nameof", "default", "checked", "unchecked", "when", "where", "var",
    ]);

    public LexicalRules Lexical => LexicalRules.CLike;

    public void Match(SourceLine line, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        if (scanner.Brackets > 0)
        {
            return;
        }

        var text = line.Text;
        if (NamespacePattern().Match(text) is { Success: true } ns)
        {
            symbols.Add(new(ns.Groups["name"].Value, SymbolKind.Namespace, line.Number));
            scanner.Pending = CodeBlock.Other;
            return;
        }

        if (TypePattern().Match(text) is { Success: true } type)
        {
            var name = type.Groups["name"].Value.TrimStart('@');
            var keyword = type.Groups["keyword"].Value;
            var kind = keyword switch
            {
                "class" => SymbolKind.Class,
                "interface" => SymbolKind.Interface,
                "struct" => SymbolKind.Struct,
                "enum" => SymbolKind.Enum,
                _ => SymbolKind.Record,
            };
            symbols.Add(new(name, kind, line.Number));

            // `record Point(int X, int Y);` has no body; only a body still to come gets announced.
            if (!text.TrimEnd().EndsWith(';'))
            {
                scanner.Pending = kind == SymbolKind.Enum ? CodeBlock.Other : CodeBlock.Members(name);
            }

            return;
        }

        if (DelegatePattern().Match(text) is { Success: true } @delegate)
        {
            symbols.Add(new(@delegate.Groups["name"].Value, SymbolKind.Type, line.Number));
            return;
        }

        if (scanner.Enclosing is { IsMemberBody: true } body)
        {
            MatchMember(line, body, scanner, symbols);
        }
    }

    private static void MatchMember(SourceLine line, CodeBlock body, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        var text = line.Text;
        if (ConstructorPattern().Match(text) is { Success: true } constructor && constructor.Groups["name"].Value == body.Name)
        {
            symbols.Add(new(body.Name, SymbolKind.Method, line.Number));
            scanner.Pending = null;
            return;
        }

        if (ConstantPattern().Match(text) is { Success: true } constant)
        {
            symbols.Add(new(constant.Groups["name"].Value, SymbolKind.Constant, line.Number));
            return;
        }

        if (MethodPattern().Match(text) is { Success: true } method && IsMemberShape(method))
        {
            symbols.Add(new(method.Groups["name"].Value.TrimStart('@'), SymbolKind.Method, line.Number));
            scanner.Pending = null;
            return;
        }

        if (PropertyPattern().Match(text) is { Success: true } property && IsMemberShape(property) && HasPropertyBody(line, property))
        {
            symbols.Add(new(property.Groups["name"].Value.TrimStart('@'), SymbolKind.Property, line.Number));
            scanner.Pending = null;
        }
    }

    private static bool IsMemberShape(Match match) =>
        !NotTypes.Contains(match.Groups["type"].Value) && !NotTypes.Contains(match.Groups["name"].Value);

    // `Type Name` alone could be a field; a property shows accessors or `=>`, on this line or (Allman style) the next.
    private static bool HasPropertyBody(SourceLine line, Match property)
    {
        var tail = property.Groups["tail"].Value;
        var rest = line.Text[(property.Index + property.Length)..];
        return tail switch
        {
            "=>" => true,
            "{" => AccessorPattern().IsMatch(rest) || (string.IsNullOrWhiteSpace(rest) && AccessorPattern().IsMatch(line.NextNonBlank())),
            _ => line.NextNonBlank() == "{" ? AccessorPattern().IsMatch(line.NextNonBlank(1)) : line.NextNonBlank().StartsWith('{') && AccessorPattern().IsMatch(line.NextNonBlank()),
        };
    }

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)\s*(?:;|\{|$)", Options, Timeout)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^\s*" + Attributes + TypeModifiers + @"(?<keyword>class|interface|struct|enum|record(?:\s+(?:class|struct))?)\s+(?<name>@?\w+)", Options, Timeout)]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^\s*" + Attributes + TypeModifiers + @"delegate\s+" + TypeName + @"\s+(?<name>\w+)\s*[<(]", Options, Timeout)]
    private static partial Regex DelegatePattern();

    [GeneratedRegex(@"^\s*" + Attributes + @"(?>(?:(?:public|private|protected|internal|static|extern|unsafe)\s+)+)(?<name>\w+)\s*\(", Options, Timeout)]
    private static partial Regex ConstructorPattern();

    [GeneratedRegex(@"^\s*" + Attributes + MemberModifiers + @"const\s+" + TypeName + @"\s+(?<name>\w+)\s*=", Options, Timeout)]
    private static partial Regex ConstantPattern();

    // `Type Name(` or `Type Name<T>(`, including explicit interface implementations (`void IDisposable.Dispose(`).
    [GeneratedRegex(@"^\s*" + Attributes + MemberModifiers + @"(?<type>" + TypeName + @")\s+(?:[\w.]+(?:<[^()]*>)?\.)?(?<name>@?\w+)\s*(?:<[^()]*>)?\s*\(", Options, Timeout)]
    private static partial Regex MethodPattern();

    [GeneratedRegex(@"^\s*" + Attributes + MemberModifiers + @"(?<type>" + TypeName + @")\s+(?:[\w.]+\.)?(?<name>@?\w+)\s*(?<tail>\{|=>|$)", Options, Timeout)]
    private static partial Regex PropertyPattern();

    [GeneratedRegex(@"^\s*\{?\s*(?:(?:public|private|protected|internal)\s+)*(?:get|set|init)\b", Options, Timeout)]
    private static partial Regex AccessorPattern();
}
