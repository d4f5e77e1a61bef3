namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// One language's definition patterns. An instance serves one file (rules such as Python's may keep state
/// between lines), and sees only lines that start in code and are not comment lines.
/// </summary>
public interface ISymbolRules
{
    LexicalRules Lexical { get; }

    /// <summary>Adds the definitions on <paramref name="line"/>, and may announce what the next '{' opens.</summary>
    void Match(SourceLine line, CodeScanner scanner, List<CodeSymbol> symbols);
}
