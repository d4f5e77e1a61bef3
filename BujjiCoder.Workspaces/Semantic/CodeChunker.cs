using System.Text;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Splits a text file into the pieces semantic search embeds: one at each definition the symbol scanner finds
/// (<see cref="SymbolExtractor"/>), running to the next, with the comments, attributes and decorators written just
/// above it, since a doc comment is the plainest description of what the code does and questions are asked in words
/// like it. The lines before the first definition are a piece of their own; a file with no definitions (markdown, JSON,
/// a language the scanner does not know) is cut into windows of lines. Line-based like the scanner: linear in the file,
/// no parser, and a wrong guess costs one piece's boundaries.
/// </summary>
public static class CodeChunker
{
    /// <summary>
    /// A piece's size cap, in characters. This repository's C#, TypeScript and docs measured 3.5 to 4 characters a word
    /// piece (indentation included), so a piece of this size is about 256 word pieces; the local model reads the first 128
    /// by default (<c>Retrieval:Embeddings:MaxTokens</c>: faster, and as good on the retrieval benchmark, since the head of
    /// a definition says most of what it is about). Larger pieces would leave more unread: a question about the end of a
    /// long method would find nothing.
    /// </summary>
    public const int MaxCharacters = 1_000;

    /// <summary>A piece's size cap, in lines: sparse code (short lines, blank runs) reaches it before the character cap.</summary>
    public const int MaxLines = 50;

    /// <summary>
    /// Longer lines are cut: minified code and embedded data, where the rest of the line adds no meaning the model could
    /// use and would only fill pieces.
    /// </summary>
    public const int MaxLineLength = 400;

    /// <summary>
    /// Pieces of this many lines or fewer (a property, a field, a one-line function) join the piece before them while the
    /// caps allow: alone, each would be a vector of little more than a name.
    /// </summary>
    public const int TinyLines = 3;

    /// <summary>
    /// Pieces kept per file: about 4,000 lines of ordinary code. A longer file is generated, vendored or data far more
    /// often than written by hand, and must not flood the index (text search still reads all of it).
    /// </summary>
    public const int MaxChunksPerBlob = 100;

    /// <summary>Lines of comments, attributes or decorators above a definition that still count as its own.</summary>
    private const int MaxLeadInLines = 20;

    /// <summary>The stored symbol's length (<c>code_chunks.symbol</c>).</summary>
    private const int MaxSymbolLength = 256;

    public static IReadOnlyList<SourceChunk> Split(string path, string? language, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var lines = Lines(text);
        var offsets = new int[lines.Length + 1];
        for (var i = 0; i < lines.Length; i++)
        {
            offsets[i + 1] = offsets[i] + lines[i].Length + 1;
        }

        var file = new SplitFile(lines, offsets);
        var pieces = new List<Piece>();
        foreach (var section in Sections(lines, SymbolExtractor.Extract(language, text)))
        {
            AddWindows(file, section, pieces);
        }

        return [.. Merge(file, pieces).Where(p => HasWords(lines, p)).Take(MaxChunksPerBlob).Select(p => ToChunk(path, lines, p))];
    }

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var kept = new string[count];
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length > MaxLineLength)
            {
                // Not between the halves of a surrogate pair: the tokenizer would get half a character.
                line = line[..(char.IsHighSurrogate(line[MaxLineLength - 1]) ? MaxLineLength - 1 : MaxLineLength)];
            }

            kept[i] = line;
        }

        return kept;
    }

    /// <summary>Line ranges (0-based, end exclusive): the lines before the first definition, then one per definition.</summary>
    private static List<Piece> Sections(string[] lines, IReadOnlyList<CodeSymbol> symbols)
    {
        // One definition per line (the first found), in line order.
        var definitions = symbols.Where(s => s.Line >= 1 && s.Line <= lines.Length).DistinctBy(s => s.Line).OrderBy(s => s.Line).ToList();
        var sections = new List<Piece>(definitions.Count + 1);
        var starts = new int[definitions.Count];
        for (var d = 0; d < definitions.Count; d++)
        {
            var line = definitions[d].Line - 1;
            var floor = d == 0 ? 0 : definitions[d - 1].Line;
            var start = line;
            while (start > floor && line - start < MaxLeadInLines && IsLeadIn(lines[start - 1]))
            {
                start--;
            }

            starts[d] = start;
        }

        var first = definitions.Count == 0 ? lines.Length : starts[0];
        if (first > 0)
        {
            sections.Add(new Piece(0, first, null));
        }

        for (var d = 0; d < definitions.Count; d++)
        {
            sections.Add(new Piece(starts[d], d + 1 < definitions.Count ? starts[d + 1] : lines.Length, definitions[d]));
        }

        return sections;
    }

    /// <summary>A comment, an attribute or a decorator line: written about the definition below it.</summary>
    private static bool IsLeadIn(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.StartsWith("//", StringComparison.Ordinal)
            || trimmed.StartsWith("/*", StringComparison.Ordinal)
            || trimmed.StartsWith('*')
            || trimmed.StartsWith('#')
            || trimmed.StartsWith('@')
            || trimmed.StartsWith('[');
    }

    /// <summary>
    /// A section as pieces within the caps: one when it fits, else windows, each ended at a blank line in its second half
    /// when there is one (a paragraph, a block) rather than mid-statement. Only the first window starts at the definition.
    /// </summary>
    private static void AddWindows(SplitFile file, Piece section, List<Piece> pieces)
    {
        var lines = file.Lines;
        var start = section.Start;
        while (start < section.End)
        {
            while (start < section.End && string.IsNullOrWhiteSpace(lines[start]))
            {
                start++;
            }

            if (start == section.End)
            {
                return;
            }

            var end = start + 1;
            while (end < section.End && end - start < MaxLines && file.Characters(start, end + 1) <= MaxCharacters)
            {
                end++;
            }

            if (end < section.End)
            {
                for (var blank = end - 1; blank > start + ((end - start) / 2); blank--)
                {
                    if (string.IsNullOrWhiteSpace(lines[blank]))
                    {
                        end = blank;
                        break;
                    }
                }
            }

            var last = end;
            while (string.IsNullOrWhiteSpace(lines[last - 1]))
            {
                last--;
            }

            pieces.Add(new Piece(start, last, start == section.Start ? section.Symbol : null));
            start = end;
        }
    }

    /// <summary>
    /// Tiny pieces joined to the piece before them while the caps allow; the joined piece keeps the first one's name. Only
    /// the tiny one joins: a larger definition after a tiny one (a method after its class's opening line) keeps its own
    /// piece and name. A definition never joins a piece that starts at no definition (the imports, the tail of a long
    /// method's windows), where it would lose its name.
    /// </summary>
    private static List<Piece> Merge(SplitFile file, List<Piece> pieces)
    {
        var merged = new List<Piece>(pieces.Count);
        foreach (var piece in pieces)
        {
            if (merged.Count > 0)
            {
                var last = merged[^1];
                if (piece.End - piece.Start <= TinyLines && !(last.Symbol is null && piece.Symbol is not null)
                    && piece.End - last.Start <= MaxLines && file.Characters(last.Start, piece.End) <= MaxCharacters)
                {
                    merged[^1] = last with { End = piece.End };
                    continue;
                }
            }

            merged.Add(piece);
        }

        return merged;
    }

    /// <summary>Pieces of closing brackets and punctuation alone say nothing to embed.</summary>
    private static bool HasWords(string[] lines, Piece piece)
    {
        for (var i = piece.Start; i < piece.End; i++)
        {
            foreach (var c in lines[i])
            {
                if (char.IsLetterOrDigit(c))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static SourceChunk ToChunk(string path, string[] lines, Piece piece)
    {
        var text = new StringBuilder(path).Append('\n');
        for (var i = piece.Start; i < piece.End; i++)
        {
            text.Append(lines[i]);
            if (i + 1 < piece.End)
            {
                text.Append('\n');
            }
        }

        var name = piece.Symbol?.Name;
        return new SourceChunk(
            piece.Start + 1,
            piece.End,
            name is { Length: > MaxSymbolLength } ? name[..MaxSymbolLength] : name,
            piece.Symbol?.Kind.ToString().ToLowerInvariant(),
            text.ToString());
    }

    /// <summary>Lines <c>[Start, End)</c>, 0-based; the definition it starts at, if any.</summary>
    private readonly record struct Piece(int Start, int End, CodeSymbol? Symbol);

    private readonly record struct SplitFile(string[] Lines, int[] Offsets)
    {
        /// <summary>Characters of lines <c>[start, end)</c>, counting a newline after each.</summary>
        public int Characters(int start, int end) => Offsets[end] - Offsets[start];
    }
}
