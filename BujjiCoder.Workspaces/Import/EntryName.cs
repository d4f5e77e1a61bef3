using System.Globalization;
using System.Text;

namespace BujjiCoder.Workspaces.Import;

/// <summary>How an entry's name in an archive becomes a workspace path, and how it is shown to people.</summary>
public static class EntryName
{
    private const int MaxDisplayLength = 300;

    /// <summary>
    /// Maps <paramref name="raw"/> to a workspace path. Only the decorations archivers commonly write are removed
    /// (a leading "./" from tar, a trailing '/' on directories); everything else must pass <see cref="WorkspacePath"/>
    /// as is, so a name is never "repaired" into something it was not.
    /// </summary>
    public static EntryNameKind Resolve(string raw, bool isDirectory, out string path, out string error)
    {
        var name = raw.StartsWith("./", StringComparison.Ordinal) ? raw[2..] : raw;
        if (isDirectory && name.EndsWith('/'))
        {
            name = name[..^1];
        }

        // "", "./" and "." name the archive root (or nothing at all): there is nothing to import or to escape.
        if (name.Length == 0 || (isDirectory && name == "."))
        {
            path = string.Empty;
            error = string.Empty;
            return EntryNameKind.Empty;
        }

        return WorkspacePath.TryNormalize(name, out path, out error) ? EntryNameKind.Safe : EntryNameKind.Unsafe;
    }

    /// <summary>The name with control and invisible characters escaped, so messages and logs cannot be spoofed.</summary>
    public static string Display(string raw)
    {
        var builder = new StringBuilder(Math.Min(raw.Length, MaxDisplayLength) + 8);
        foreach (var c in raw)
        {
            if (builder.Length >= MaxDisplayLength)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

public enum EntryNameKind
{
    /// <summary>The archive root or an empty name.</summary>
    Empty,
    Safe,
    Unsafe,
}
