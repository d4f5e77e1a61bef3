using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// TypeScript and JavaScript (the TypeScript-only forms never occur in JavaScript, so one rule set serves both).
/// Declarations are recognised by their leading keyword anywhere; class members only directly in a class body,
/// where `if (...) {` or `foo(...)` cannot appear.
/// </summary>
public sealed partial class TypeScriptSymbolRules : ISymbolRules
{
    private const RegexOptions Options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
    private const int Timeout = SymbolExtractor.MatchTimeoutMilliseconds;
    private const string Name = @"(?<name>[\w$]+)";

    // What follows `=` when a function is being defined: `function`, `(a, b) =>`, `async x =>`, with optional types.
    private const string FunctionValue = @"=\s*(?:async\b\s*)?(?:function\b|(?:<[^>]*>\s*)?\([^)]*\)\s*(?::[^=]+?)?\s*=>|[\w$]+\s*=>)";

    private static readonly FrozenSet<string> NotMethods = FrozenSet.ToFrozenSet(
    [
        "if", "for", "while", "switch", "catch", "return", "function", "do", "else", "with", "typeof", "new", "await",
        "yield", "super", "this", "import", "throw", "delete", "void", "in", "of", "instanceof",
    ]);

    public LexicalRules Lexical => LexicalRules.JavaScript;

    public void Match(SourceLine line, CodeScanner scanner, List<CodeSymbol> symbols)
    {
        if (scanner.Brackets > 0)
        {
            return;
        }

        var text = line.Text;
        if (ClassPattern().Match(text) is { Success: true } @class)
        {
            var name = @class.Groups["name"].Value;
            symbols.Add(new(name, SymbolKind.Class, line.Number));
            scanner.Pending = CodeBlock.Members(name);
            return;
        }

        if (Declaration(text) is { } declaration)
        {
            symbols.Add(new(declaration.Name, declaration.Kind, line.Number));
            scanner.Pending = null;
            return;
        }

        if (scanner.Enclosing is { IsMemberBody: true } body && MemberName(text) is { } member && !NotMethods.Contains(member))
        {
            symbols.Add(new(member == "constructor" ? body.Name : member, SymbolKind.Method, line.Number));
            scanner.Pending = null;
        }
    }

    private static string? MemberName(string text)
    {
        var match = MethodPattern().Match(text);
        if (!match.Success)
        {
            match = FieldFunctionPattern().Match(text);
        }

        return match.Success ? match.Groups["name"].Value : null;
    }

    private static (string Name, SymbolKind Kind)? Declaration(string text)
    {
        if (FunctionPattern().Match(text) is { Success: true } function)
        {
            return (function.Groups["name"].Value, SymbolKind.Function);
        }

        if (FunctionVariablePattern().Match(text) is { Success: true } variable)
        {
            return (variable.Groups["name"].Value, SymbolKind.Function);
        }

        if (InterfacePattern().Match(text) is { Success: true } @interface)
        {
            return (@interface.Groups["name"].Value, SymbolKind.Interface);
        }

        if (TypeAliasPattern().Match(text) is { Success: true } alias)
        {
            return (alias.Groups["name"].Value, SymbolKind.Type);
        }

        if (EnumPattern().Match(text) is { Success: true } @enum)
        {
            return (@enum.Groups["name"].Value, SymbolKind.Enum);
        }

        return NamespacePattern().Match(text) is { Success: true } ns ? (ns.Groups["name"].Value, SymbolKind.Namespace) : null;
    }

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?class\s+" + Name, Options, Timeout)]
    private static partial Regex ClassPattern();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:declare\s+)?interface\s+" + Name, Options, Timeout)]
    private static partial Regex InterfacePattern();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:declare\s+)?type\s+" + Name + @"\s*(?:<[^=]*>)?\s*=", Options, Timeout)]
    private static partial Regex TypeAliasPattern();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:declare\s+)?(?:const\s+)?enum\s+" + Name, Options, Timeout)]
    private static partial Regex EnumPattern();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:declare\s+)?(?:namespace|module)\s+(?<name>[\w$.]+)\s*\{", Options, Timeout)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?function\b\s*\*?\s*" + Name + @"\s*[<(]", Options, Timeout)]
    private static partial Regex FunctionPattern();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:const|let|var)\s+" + Name + @"\s*(?::[^=]+)?" + FunctionValue, Options, Timeout)]
    private static partial Regex FunctionVariablePattern();

    // In a class body: `name(`, `async name(`, `static *name(`, `get name(`, `private name<T>(`, `#name(`, `name?(`.
    [GeneratedRegex(@"^\s*(?>(?:(?:public|private|protected|static|readonly|abstract|override|async|declare|accessor)\s+)*)(?:(?:get|set)\s+)?\*?\s*(?<name>#?[\w$]+)\s*\??\s*(?:<[^()]*>)?\s*\(", Options, Timeout)]
    private static partial Regex MethodPattern();

    // In a class body: `handle = (e) => {`, `private load = async () => {`.
    [GeneratedRegex(@"^\s*(?>(?:(?:public|private|protected|static|readonly|override)\s+)*)(?<name>#?[\w$]+)\s*(?::[^=]+)?" + FunctionValue, Options, Timeout)]
    private static partial Regex FieldFunctionPattern();
}
