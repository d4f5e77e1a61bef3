namespace BujjiCoder.Workspaces.Completion;

/// <summary>The text a completion is asked in and the cursor's offset into it, with the identifier typed so far.</summary>
public sealed record CursorText(string Text, int Offset, string Prefix)
{
    /// <summary>
    /// Maps a 1-based line and UTF-16 column to an offset; null when the position is past the end of its line or of the
    /// text. A line's end is its '\n' (a '\r' before it is not a column), so CRLF and LF files take the same positions.
    /// </summary>
    public static CursorText? At(string text, int line, int column)
    {
        var start = 0;
        for (var current = 1; current < line; current++)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                return null;
            }

            start = newline + 1;
        }

        var end = text.IndexOf('\n', start);
        end = end < 0 ? text.Length : end;
        if (end > start && text[end - 1] == '\r')
        {
            end--;
        }

        if (column - 1 > end - start)
        {
            return null;
        }

        var offset = start + column - 1;
        return new CursorText(text, offset, PrefixBefore(text, offset));
    }

    /// <summary>
    /// The identifier characters (letters, digits, '_') right before the cursor; empty when there are none or when they
    /// start with a digit, which makes them a number rather than a name.
    /// </summary>
    private static string PrefixBefore(string text, int offset)
    {
        var start = offset;
        while (start > 0 && IsIdentifierChar(text[start - 1]))
        {
            start--;
        }

        return start == offset || char.IsDigit(text[start]) ? string.Empty : text[start..offset];
    }

    public static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
