using System.Text;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

/// <summary>Large, generated and hostile input: extraction must finish and stay bounded.</summary>
public sealed class SymbolExtractorLimitsTests
{
    [Fact]
    public void A_two_megabyte_generated_file_is_processed_completely()
    {
        var source = new StringBuilder();
        for (var c = 0; c < 400; c++)
        {
            source.Append("public sealed class Generated").Append(c).Append('\n').Append("{\n");
            for (var m = 0; m < 9; m++)
            {
                source.Append("    public int Compute").Append(m).Append("(int value)\n    {\n");
                for (var s = 0; s < 10; s++)
                {
                    source.Append("        value = Helper.Transform(value, ").Append(s).Append("); // keep going\n");
                }

                source.Append("        return value;\n    }\n\n");
            }

            source.Append("}\n\n");
        }

        Assert.InRange(source.Length, 2_000_000, 3_000_000);

        var symbols = SymbolExtractor.Extract("csharp", source.ToString());

        Assert.Equal(400 * 10, symbols.Count);
        Assert.Equal(new CodeSymbol("Compute8", SymbolKind.Method, symbols[^1].Line), symbols[^1]);
    }

    [Fact]
    public void Symbols_per_file_are_capped()
    {
        var source = new StringBuilder();
        for (var i = 0; i < 12_000; i++)
        {
            source.Append("def f").Append(i).Append("():\n    pass\n");
        }

        var symbols = SymbolExtractor.Extract("python", source.ToString());

        Assert.Equal(SymbolExtractor.MaximumSymbols, symbols.Count);
        Assert.Equal(new CodeSymbol("f4999", SymbolKind.Function, 9_999), symbols[^1]);
    }

    [Theory]
    [InlineData("csharp")]
    [InlineData("typescript")]
    [InlineData("java")]
    public void Pathological_lines_complete_without_symbols(string language)
    {
        var source = new StringBuilder();

        // Long lines inside a class body, where member patterns run, made to tempt backtracking; then one 2 MB
        // line of open brackets, as minified or hostile files have.
        source.Append("class P {\n");
        var tempting = string.Concat(Enumerable.Repeat("public static ", 70)) + "x";
        for (var i = 0; i < 2_000; i++)
        {
            source.Append(tempting).Append('\n');
        }

        source.Append("}\n").Append('(', 2_000_000).Append('\n');

        Assert.Equal([new CodeSymbol("P", SymbolKind.Class, 1)], SymbolExtractor.Extract(language, source.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("markdown")]
    [InlineData("plaintext")]
    [InlineData("cobol")]
    public void Unsupported_languages_have_no_symbols(string? language) =>
        Assert.Empty(SymbolExtractor.Extract(language, "class Foo {}\nfunction bar() {}\ndef baz():\n"));
}
