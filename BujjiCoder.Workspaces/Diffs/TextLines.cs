namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// A file's content as lines split on '\n' only (as git and patch do), so a lone '\r' stays inside its line and
/// a CRLF line keeps its '\r'. Knowing whether the last line was terminated lets a patch keep that as it was.
/// </summary>
public sealed class TextLines
{
    private TextLines(List<string> lines, bool endsWithNewline, bool usesCrlf)
    {
        Lines = lines;
        EndsWithNewline = endsWithNewline;
        UsesCrlf = usesCrlf;
    }

    public IReadOnlyList<string> Lines { get; }

    public bool EndsWithNewline { get; }

    /// <summary>Most terminated lines end in CRLF, so lines a patch adds should too.</summary>
    public bool UsesCrlf { get; }

    public static TextLines Split(string text)
    {
        var lines = new List<string>();
        int crlf = 0, lf = 0, start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                return new TextLines(lines, false, crlf > lf);
            }

            if (end > start && text[end - 1] == '\r')
            {
                crlf++;
            }
            else
            {
                lf++;
            }

            lines.Add(text[start..end]);
            start = end + 1;
        }

        return new TextLines(lines, true, crlf > lf);
    }

    /// <summary>Lines match when they differ at most by a trailing '\r', so CRLF and LF copies of a file patch alike.</summary>
    public static bool SameLine(string a, string b) =>
        WithoutCarriageReturn(a).SequenceEqual(WithoutCarriageReturn(b));

    public static ReadOnlySpan<char> WithoutCarriageReturn(string line) =>
        line.EndsWith('\r') ? line.AsSpan(0, line.Length - 1) : line.AsSpan();
}
