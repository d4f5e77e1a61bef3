namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Follows a file line by line: block comments and multi-line strings (so text in them is never taken for code),
/// brace blocks (so rules know whether a line sits directly in a class body) and open brackets (so continuation
/// lines of an argument or parameter list are not taken for declarations). It is a sketch of a lexer, not a
/// parser: an oddity such as an unterminated string ends at the end of its line and cannot derail the rest of
/// the file.
/// </summary>
public sealed class CodeScanner(LexicalRules rules)
{
    // Each entry remembers the bracket depth outside the block, so depth restarts at 0 inside it: a callback body
    // passed as an argument, `describe("x", () => {`, still reads as ordinary code.
    private readonly Stack<(CodeBlock Block, int OuterBrackets)> _blocks = new();
    private string? _closer;

    /// <summary>False while inside a block comment or multi-line string, i.e. the current line starts in text.</summary>
    public bool InCode => _closer is null;

    /// <summary>Open '(' and '[' (and '{' where braces are not blocks) in the current block.</summary>
    public int Brackets { get; private set; }

    /// <summary>The innermost open block, or null at the top level of the file.</summary>
    public CodeBlock? Enclosing => _blocks.Count > 0 ? _blocks.Peek().Block : null;

    /// <summary>
    /// What the next '{' opens. Declarations set it (a class body) because the brace often comes on a later line;
    /// any '{' not announced this way is an ordinary block.
    /// </summary>
    public CodeBlock? Pending { get; set; }

    public void Scan(string line)
    {
        var i = 0;
        while (i < line.Length)
        {
            if (_closer is not null)
            {
                var end = line.IndexOf(_closer, i, StringComparison.Ordinal);
                if (end < 0)
                {
                    return;
                }

                i = end + _closer.Length;
                _closer = null;
                continue;
            }

            var c = line[i];
            if (c == rules.LineComment[0] && line.AsSpan(i).StartsWith(rules.LineComment, StringComparison.Ordinal))
            {
                return;
            }

            if (rules.BlockComments && c == '/' && i + 1 < line.Length && line[i + 1] == '*')
            {
                _closer = "*/";
                i += 2;
            }
            else if (c == '"' || (c == '\'' && rules.SingleQuote == QuoteStyle.String))
            {
                i = SkipString(line, i, c);
            }
            else if (c == '`' && rules.MultiLineBackticks)
            {
                // Template literals and Go raw strings; neither escapes the closing backtick in practice.
                var end = line.IndexOf('`', i + 1);
                if (end < 0)
                {
                    _closer = "`";
                    return;
                }

                i = end + 1;
            }
            else if (c == '\'')
            {
                i = SkipRustQuote(line, i);
            }
            else
            {
                Count(c);
                i++;
            }
        }
    }

    private void Count(char c)
    {
        switch (c)
        {
            case '{' when rules.BraceBlocks:
                _blocks.Push((Pending ?? CodeBlock.Other, Brackets));
                Pending = null;
                Brackets = 0;
                break;
            case '}' when rules.BraceBlocks:
                // More closers than openers (a brace in a regex literal, say) must not underflow: stay at the top.
                Brackets = _blocks.Count > 0 ? _blocks.Pop().OuterBrackets : 0;
                break;
            case '(' or '[' or '{':
                Brackets++;
                break;
            case ')' or ']' or '}':
                Brackets = Math.Max(0, Brackets - 1);
                break;
            default:
                break;
        }
    }

    private int SkipString(string line, int start, char quote)
    {
        var run = 1;
        while (start + run < line.Length && line[start + run] == quote)
        {
            run++;
        }

        if (rules.TripleQuotes && run >= 3)
        {
            // C# raw strings, Java text blocks, Python docstrings: closed by the same run of quotes, maybe lines later.
            var delimiter = new string(quote, run);
            var end = line.IndexOf(delimiter, start + run, StringComparison.Ordinal);
            if (end < 0)
            {
                _closer = delimiter;
                return line.Length;
            }

            return end + run;
        }

        for (var i = start + 1; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == quote)
            {
                return i + 1;
            }
        }

        return line.Length;
    }

    private static int SkipRustQuote(string line, int start)
    {
        // '\n' or '\'' : an escaped char literal, closed by the next quote after the escape.
        if (start + 2 < line.Length && line[start + 1] == '\\')
        {
            var end = line.IndexOf('\'', start + 3);
            return end < 0 ? line.Length : end + 1;
        }

        // 'x' is a char literal; anything else ('a in &'a str) is a lifetime, which opens nothing.
        return start + 2 < line.Length && line[start + 2] == '\'' ? start + 3 : start + 1;
    }
}
