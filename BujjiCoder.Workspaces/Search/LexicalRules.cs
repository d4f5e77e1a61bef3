namespace BujjiCoder.Workspaces.Search;

/// <summary>How a language writes comments and strings: just enough for the scanner to tell code from text.</summary>
public sealed record LexicalRules(
    string LineComment,
    bool BlockComments,
    QuoteStyle SingleQuote,
    bool TripleQuotes,
    bool MultiLineBackticks,
    bool BraceBlocks)
{
    public static readonly LexicalRules CLike = new("//", BlockComments: true, QuoteStyle.String, TripleQuotes: true, MultiLineBackticks: false, BraceBlocks: true);
    public static readonly LexicalRules JavaScript = CLike with { TripleQuotes = false, MultiLineBackticks = true };
    public static readonly LexicalRules Go = CLike with { TripleQuotes = false, MultiLineBackticks = true };
    public static readonly LexicalRules Rust = CLike with { SingleQuote = QuoteStyle.RustCharOrLifetime, TripleQuotes = false };
    public static readonly LexicalRules Python = new("#", BlockComments: false, QuoteStyle.String, TripleQuotes: true, MultiLineBackticks: false, BraceBlocks: false);
}

/// <summary>What a single quote starts.</summary>
public enum QuoteStyle
{
    /// <summary>A string or character literal closed by another single quote.</summary>
    String,

    /// <summary>Rust: a char literal ('x', '\n') or, when not closed right away, a lifetime ('a) that closes nothing.</summary>
    RustCharOrLifetime,
}
