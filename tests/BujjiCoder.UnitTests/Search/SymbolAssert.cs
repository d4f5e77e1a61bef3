using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

/// <summary>Compares whole symbol lists, so a definition too many fails a test just as one too few does.</summary>
internal static class SymbolAssert
{
    public static void Extracts(string language, string source, params (string Name, SymbolKind Kind, int Line)[] expected)
    {
        var actual = SymbolExtractor.Extract(language, source);
        Assert.Equal(expected.Select(e => new CodeSymbol(e.Name, e.Kind, e.Line)), actual);
    }
}
