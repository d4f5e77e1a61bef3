using System.Text;

namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Git writes a path in double quotes with C escapes (octal bytes for UTF-8) when it holds quotes, backslashes or
/// control characters; reading and writing that form keeps such paths intact through a round trip.
/// </summary>
public static class GitPathSyntax
{
    public static string Quote(string path)
    {
        if (!path.Any(c => c is '"' or '\\' || char.IsControl(c)))
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + 8).Append('"');
        foreach (var c in path)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                '\r' => builder.Append("\\r"),
                _ when char.IsControl(c) => builder.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0')),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Reads a quoted path at the start of <paramref name="text"/>; <paramref name="rest"/> is what follows the
    /// closing quote. Returns null when the quote is not closed.
    /// </summary>
    public static string? Unquote(string text, out string rest)
    {
        var bytes = new List<byte>();
        var i = 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                rest = text[(i + 1)..];
                return Encoding.UTF8.GetString([.. bytes]);
            }

            if (c != '\\' || i + 1 >= text.Length)
            {
                var width = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, width)));
                i += width;
                continue;
            }

            var escaped = text[i + 1];
            if (escaped is >= '0' and <= '7' && i + 3 < text.Length && IsOctal(text[i + 2]) && IsOctal(text[i + 3]))
            {
                bytes.Add((byte)(((escaped - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0')));
                i += 4;
                continue;
            }

            byte? known = escaped switch
            {
                'n' => (byte)'\n',
                't' => (byte)'\t',
                'r' => (byte)'\r',
                'a' => 7,
                'b' => 8,
                'f' => 12,
                'v' => 11,
                '"' or '\\' => (byte)escaped,
                _ => null,
            };
            if (known is { } value)
            {
                bytes.Add(value);
            }
            else
            {
                // Not an escape git writes: keep the backslash and the character as they are.
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, 1)));
                i++;
                continue;
            }

            i += 2;
        }

        rest = string.Empty;
        return null;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
