using System.Globalization;
using System.Text;

namespace BujjiCoder.Workspaces;

/// <summary>
/// The one place that decides whether a path inside a workspace is acceptable, before any storage access.
/// Accepted paths are relative, '/'-separated, NFC-normalised, with no empty, '.', '..' or '~' segments.
/// Refused: absolute paths, drive letters, backslashes, NUL and control characters, percent-encoded
/// separators or dots (double encoding), Unicode look-alikes of '.', '/' and '\' (after NFKC), and
/// over-long names.
/// </summary>
public static class WorkspacePath
{
    public const int MaximumLength = 1024;
    public const int MaximumSegmentLength = 255;

    public static bool TryNormalize(string? raw, out string path, out string error)
    {
        path = string.Empty;
        error = Check(raw);
        if (error.Length > 0)
        {
            return false;
        }

        path = raw!.Normalize(NormalizationForm.FormC);
        return true;
    }

    private static string Check(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return "The path is empty.";
        }

        if (raw.Length > MaximumLength)
        {
            return $"Paths are at most {MaximumLength} characters.";
        }

        if (raw.Any(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format))
        {
            return "Paths must not contain control or invisible formatting characters.";
        }

        if (raw.Contains('%', StringComparison.Ordinal))
        {
            // The router decoded the path once already; a '%' left means encoded text, such as a double-encoded '..'.
            return "Paths must not contain percent-encoded characters.";
        }

        // Check the path as written and as its look-alikes read (NFKC turns a fullwidth solidus or a
        // one-dot leader into '/' or '.'), so neither form can smuggle a separator or a dot segment.
        var folded = raw.Normalize(NormalizationForm.FormKC);
        if (Structural(folded) != Structural(raw))
        {
            return "Paths must not contain look-alikes of '/', '\\', '.' or ':'.";
        }

        var segmentError = CheckSegments(raw);
        return segmentError.Length > 0 ? segmentError : CheckSegments(folded);
    }

    /// <summary>The characters that give a path its shape, in order.</summary>
    private static string Structural(string path) => string.Concat(path.Where(c => c is '/' or '\\' or '.' or ':'));

    private static string CheckSegments(string path)
    {
        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "Paths use '/' as separator, never '\\'.";
        }

        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return "Paths are relative to the workspace root.";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "Paths must not contain empty segments ('//' or a trailing '/').";
            }

            if (segment is "." or ".." || segment.StartsWith('~'))
            {
                return "Paths must not contain '.', '..' or '~' segments.";
            }

            if (segment.Length > MaximumSegmentLength)
            {
                return $"Each path segment is at most {MaximumSegmentLength} characters.";
            }

            if (segment.Contains(':', StringComparison.Ordinal))
            {
                return "Paths must not contain ':'.";
            }
        }

        return string.Empty;
    }
}
