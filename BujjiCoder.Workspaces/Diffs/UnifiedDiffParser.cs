namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Reads unified diffs from git, from diff -u and from language models. Anything outside a file's headers and
/// hunks (prose, code fences, index lines) is skipped, because models wrap diffs in explanations.
/// </summary>
public static class UnifiedDiffParser
{
    public static IReadOnlyList<FilePatch> Parse(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var lines = SplitLines(diff);
        var patches = new List<FilePatch>();
        PendingFilePatch? file = null;
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                Finish(file, patches);
                file = PendingFilePatch.FromGitHeader(line, i + 1);
                i++;
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < lines.Count && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                if (file is null || !file.AwaitsPathLines)
                {
                    Finish(file, patches);
                    file = new PendingFilePatch(i + 1);
                }

                file.SetPathLines(lines[i], lines[i + 1], i + 1);
                i += 2;
            }
            else if (HunkReader.IsHeader(line))
            {
                if (file is null)
                {
                    throw new DiffFormatException("A hunk starts before any file header (\"--- a/path\" and \"+++ b/path\").", i + 1);
                }

                var headerLine = i + 1;
                file.AddHunk(HunkReader.Read(lines, ref i), headerLine);
            }
            else if (line.StartsWith("GIT binary patch", StringComparison.Ordinal)
                || (line.StartsWith("Binary files ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(" differ", StringComparison.Ordinal)))
            {
                throw new DiffFormatException("Binary patches are unsupported; only text diffs can be applied.", i + 1);
            }
            else
            {
                file?.ReadExtendedHeader(line, i + 1);
                i++;
            }
        }

        Finish(file, patches);
        return patches.Count > 0
            ? patches
            : throw new DiffFormatException("No file header found; a diff needs \"--- a/path\" and \"+++ b/path\" lines or a \"diff --git\" line.", 1);
    }

    private static void Finish(PendingFilePatch? file, List<FilePatch> patches)
    {
        if (file is not null)
        {
            patches.Add(file.Build());
        }
    }

    /// <summary>
    /// Splits on '\n'. When the headers end in '\r' the whole diff travelled with CRLF line ends (a Windows
    /// clipboard, say), so one '\r' comes off every line; otherwise a '\r' is part of the file's content.
    /// </summary>
    private static List<string> SplitLines(string diff)
    {
        var lines = diff.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var firstHeader = lines.FirstOrDefault(line =>
            line.StartsWith("diff --git ", StringComparison.Ordinal)
            || line.StartsWith("--- ", StringComparison.Ordinal)
            || HunkReader.IsHeader(line));
        if (firstHeader is not null && firstHeader.EndsWith('\r'))
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].EndsWith('\r'))
                {
                    lines[i] = lines[i][..^1];
                }
            }
        }

        return lines;
    }
}
