using System.Globalization;
using System.Text.RegularExpressions;

namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Reads one hunk, trusting its lines over its header: models write wrong counts, leave counts out and emit
/// blank lines for empty context lines, and patch and git accept all of that.
/// </summary>
public static partial class HunkReader
{
    private const string UsualHeader = "'@@ -start,count +start,count @@'";

    public static bool IsHeader(string line) => line.StartsWith("@@", StringComparison.Ordinal);

    /// <summary>Reads the hunk whose header is at <paramref name="index"/> and moves it past the hunk.</summary>
    public static Hunk Read(IReadOnlyList<string> lines, ref int index)
    {
        var headerLine = index + 1;
        var header = HeaderPattern().Match(lines[index]);
        if (!header.Success)
        {
            throw new DiffFormatException($"Malformed hunk header \"{lines[index]}\"; expected {UsualHeader}.", headerLine);
        }

        var oldStart = Number(header.Groups[1], 0, headerLine);
        var statedOldCount = Number(header.Groups[2], 1, headerLine);
        var newStart = Number(header.Groups[3], 0, headerLine);
        var statedNewCount = Number(header.Groups[4], 1, headerLine);

        var body = new List<HunkLine>();
        var blankTail = 0;
        bool oldEnded = false, newEnded = false;
        var i = index + 1;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            HunkLine next;
            if (line.Length == 0)
            {
                next = new HunkLine(HunkLineKind.Context, string.Empty);
            }
            else if (line[0] == '\\')
            {
                if (body.Count == 0)
                {
                    throw new DiffFormatException("\"\\ No newline at end of file\" must follow a line of the hunk.", i + 1);
                }

                var kind = body[^1].Kind;
                oldEnded |= kind != HunkLineKind.Added;
                newEnded |= kind != HunkLineKind.Removed;
                blankTail = 0;
                continue;
            }
            else if (line[0] == ' ')
            {
                next = new HunkLine(HunkLineKind.Context, line[1..]);
            }
            else if (line[0] == '+')
            {
                next = new HunkLine(HunkLineKind.Added, line[1..]);
            }
            else if (line[0] == '-' && !StartsFileHeader(lines, i))
            {
                next = new HunkLine(HunkLineKind.Removed, line[1..]);
            }
            else
            {
                break;
            }

            if ((oldEnded && next.Kind != HunkLineKind.Added) || (newEnded && next.Kind != HunkLineKind.Removed))
            {
                throw new DiffFormatException("A line follows \"\\ No newline at end of file\" on the same side of the hunk; that marker belongs after the last line.", i + 1);
            }

            blankTail = line.Length == 0 ? blankTail + 1 : 0;
            body.Add(next);
        }

        // A blank line after the last real line is usually the gap before prose or the next file, not an
        // empty context line: drop such lines while the header's counts are still met without them.
        while (blankTail > 0
            && Count(body, HunkLineKind.Added) - 1 >= statedOldCount
            && Count(body, HunkLineKind.Removed) - 1 >= statedNewCount)
        {
            body.RemoveAt(body.Count - 1);
            blankTail--;
        }

        if (body.Count == 0)
        {
            throw new DiffFormatException("The hunk has no lines.", headerLine);
        }

        index = i;
        var oldCount = Count(body, HunkLineKind.Added);
        var newCount = Count(body, HunkLineKind.Removed);
        return new Hunk(
            Restart(oldStart, statedOldCount, oldCount),
            oldCount,
            Restart(newStart, statedNewCount, newCount),
            newCount,
            body,
            oldEnded,
            newEnded);
    }

    /// <summary>Lines on one side of the hunk: every line but those of the other side.</summary>
    private static int Count(List<HunkLine> body, HunkLineKind otherSide) => body.Count(line => line.Kind != otherSide);

    /// <summary>
    /// A start means the line before the hunk when its count is 0 and the hunk's first line otherwise; keep the
    /// position the header meant when the recount crosses between the two.
    /// </summary>
    private static int Restart(int start, int statedCount, int count)
    {
        var before = statedCount == 0 ? start : Math.Max(start - 1, 0);
        return count == 0 ? before : before + 1;
    }

    /// <summary>
    /// "--- x" then "+++ y" opens the next file when no hunk line follows them, even if a wrong count made the
    /// hunk look longer; a removed "-- x" and an added "++ y" would be followed by more of the hunk.
    /// </summary>
    private static bool StartsFileHeader(IReadOnlyList<string> lines, int i)
    {
        if (!lines[i].StartsWith("--- ", StringComparison.Ordinal)
            || i + 1 >= lines.Count
            || !lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
        {
            return false;
        }

        return i + 2 >= lines.Count || IsHeader(lines[i + 2]) || lines[i + 2].Length == 0 || lines[i + 2][0] is not (' ' or '-' or '+' or '\\');
    }

    private static int Number(Group group, int absent, int line)
    {
        if (!group.Success)
        {
            return absent;
        }

        return int.TryParse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DiffFormatException($"The hunk header's number \"{group.Value}\" is too large.", line);
    }

    [GeneratedRegex(@"^@@\s*-(\d+)(?:,(\d+))?\s+\+(\d+)(?:,(\d+))?\s*@@")]
    private static partial Regex HeaderPattern();
}
