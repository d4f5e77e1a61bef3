using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Writes a git-style unified diff between two versions of a file, which <see cref="UnifiedDiffParser"/> and
/// <see cref="PatchApplier"/> (and git apply) turn back into exactly the second version.
/// </summary>
public static class UnifiedDiffWriter
{
    private const string NoNewline = "\\ No newline at end of file\n";

    /// <param name="oldPath">The path before; may be null for a new file.</param>
    /// <param name="newPath">The path after; may be null for a deleted file.</param>
    /// <param name="before">The content before, or null when the file is new.</param>
    /// <param name="after">The content after, or null when the file is deleted.</param>
    /// <param name="context">Unchanged lines shown around each change.</param>
    /// <returns>The diff, or "" when nothing changed. A pure rename gives only its header lines.</returns>
    public static string Write(string? oldPath, string? newPath, string? before, string? after, int context = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        var from = (before is null ? newPath : oldPath) ?? oldPath ?? newPath;
        var to = (after is null ? oldPath : newPath) ?? newPath ?? oldPath;
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            throw new ArgumentException("A diff needs a path for at least one side.", nameof(newPath));
        }

        var renamed = before is not null && after is not null && !string.Equals(from, to, StringComparison.Ordinal);
        if (string.Equals(before, after, StringComparison.Ordinal) && !renamed)
        {
            return string.Empty;
        }

        var diff = new StringBuilder()
            .Append("diff --git ").Append(GitPathSyntax.Quote("a/" + from)).Append(' ').Append(GitPathSyntax.Quote("b/" + to)).Append('\n');
        if (before is null)
        {
            diff.Append("new file mode 100644\n");
        }
        else if (after is null)
        {
            diff.Append("deleted file mode 100644\n");
        }
        else if (renamed)
        {
            diff.Append("rename from ").Append(GitPathSyntax.Quote(from)).Append('\n');
            diff.Append("rename to ").Append(GitPathSyntax.Quote(to)).Append('\n');
        }

        var result = Differ.Instance.CreateDiffs(before ?? string.Empty, after ?? string.Empty, false, false, NewlineKeepingChunker.Instance);
        if (result.DiffBlocks.Count == 0)
        {
            return diff.ToString();
        }

        diff.Append("--- ").Append(before is null ? "/dev/null" : HeaderPath("a/" + from)).Append('\n');
        diff.Append("+++ ").Append(after is null ? "/dev/null" : HeaderPath("b/" + to)).Append('\n');
        foreach (var group in Group(result.DiffBlocks, context))
        {
            WriteHunk(diff, result, group, context);
        }

        return diff.ToString();
    }

    /// <summary>Git ends a ---/+++ path holding a space with a tab, so patch does not read a timestamp into it.</summary>
    private static string HeaderPath(string path)
    {
        var quoted = GitPathSyntax.Quote(path);
        return quoted.Contains(' ', StringComparison.Ordinal) && !quoted.StartsWith('"') ? quoted + "\t" : quoted;
    }

    /// <summary>Changes closer than twice the context share a hunk, as in git, so no line is shown twice.</summary>
    private static List<List<DiffBlock>> Group(IList<DiffBlock> blocks, int context)
    {
        var groups = new List<List<DiffBlock>>();
        foreach (var block in blocks)
        {
            var previous = groups.Count > 0 ? groups[^1][^1] : null;
            if (previous is not null && block.DeleteStartA - (previous.DeleteStartA + previous.DeleteCountA) <= 2 * context)
            {
                groups[^1].Add(block);
            }
            else
            {
                groups.Add([block]);
            }
        }

        return groups;
    }

    private static void WriteHunk(StringBuilder diff, DiffResult result, List<DiffBlock> group, int context)
    {
        var old = result.PiecesOld;
        var first = group[0];
        var last = group[^1];
        var oldStart = Math.Max(0, first.DeleteStartA - context);
        var newStart = first.InsertStartB - (first.DeleteStartA - oldStart);
        var oldEnd = Math.Min(old.Count, last.DeleteStartA + last.DeleteCountA + context);
        var newEnd = last.InsertStartB + last.InsertCountB + (oldEnd - (last.DeleteStartA + last.DeleteCountA));

        diff.Append("@@ -").Append(Range(oldStart, oldEnd - oldStart))
            .Append(" +").Append(Range(newStart, newEnd - newStart)).Append(" @@\n");

        var next = oldStart;
        foreach (var block in group)
        {
            for (; next < block.DeleteStartA; next++)
            {
                WriteLine(diff, ' ', old[next]);
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                WriteLine(diff, '-', old[block.DeleteStartA + i]);
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                WriteLine(diff, '+', result.PiecesNew[block.InsertStartB + i]);
            }

            next = block.DeleteStartA + block.DeleteCountA;
        }

        for (; next < oldEnd; next++)
        {
            WriteLine(diff, ' ', old[next]);
        }
    }

    /// <summary>Git's form: "start,count" with 1-based start, ",1" left out, and an empty range named by the line before it.</summary>
    private static string Range(int start, int count) => count switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{start},0"),
        1 => (start + 1).ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start + 1},{count}"),
    };

    private static void WriteLine(StringBuilder diff, char prefix, string piece)
    {
        diff.Append(prefix);
        if (piece.EndsWith('\n'))
        {
            diff.Append(piece);
        }
        else
        {
            diff.Append(piece).Append('\n').Append(NoNewline);
        }
    }
}
