using System.Text;

namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Applies one file's hunks in order, like GNU patch and git apply: at the stated line shifted by how far
/// earlier hunks moved, else at the nearest line where the old lines match, else with fuzz. Either every hunk
/// applies or nothing does, so a half-applied file never reaches the workspace.
/// </summary>
public static class PatchApplier
{
    /// <summary>How many lines of the file a file-level conflict shows.</summary>
    private const int FileConflictPreview = 10;

    /// <param name="original">The file's content, or null when it does not exist.</param>
    /// <param name="patch">The changes for that file.</param>
    /// <param name="maxFuzz">Most context lines to ignore at each end of a hunk that does not match exactly.</param>
    public static PatchResult Apply(string? original, FilePatch patch, int maxFuzz = 2)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFuzz);

        if (patch.IsNew && original is not null)
        {
            var existing = TextLines.Split(original).Lines.Take(FileConflictPreview).ToList();
            return FileConflict("The patch creates the file, but the file already exists.", existing);
        }

        if (!patch.IsNew && original is null)
        {
            return FileConflict("The file does not exist.", []);
        }

        var text = TextLines.Split(original ?? string.Empty);
        return patch.IsDelete ? Delete(text, patch) : Modify(text, patch, maxFuzz);
    }

    private static PatchResult FileConflict(string reason, IReadOnlyList<string> actual) =>
        new(false, null, [], [new HunkConflict(0, 1, reason, [], actual)]);

    /// <summary>A delete must name the whole file, or it would throw away changes the author never saw.</summary>
    private static PatchResult Delete(TextLines text, FilePatch patch)
    {
        var removed = patch.Hunks.SelectMany(HunkLocator.OldLines).ToList();
        if (removed.Count == text.Lines.Count && HunkLocator.MatchesAt(text.Lines, removed, 0, removed.Count, 0))
        {
            var outcomes = patch.Hunks.Select((hunk, i) => new HunkOutcome(i + 1, Math.Max(hunk.OldStart, 1), 0, 0)).ToList();
            return new PatchResult(true, null, outcomes, []);
        }

        var conflict = new HunkConflict(
            patch.Hunks.Count > 0 ? 1 : 0,
            1,
            "The patch deletes the file, but the file's content differs from the lines the patch removes.",
            removed,
            [.. text.Lines.Select(line => TextLines.WithoutCarriageReturn(line).ToString())]);
        return new PatchResult(false, null, [], [conflict]);
    }

    private static PatchResult Modify(TextLines text, FilePatch patch, int maxFuzz)
    {
        var lines = text.Lines;

        // A diff that carries '\r' was made from the real bytes, so its added lines are taken as they are; one
        // without (typed by a model, or made from an LF copy) gets the file's own line ends on what it adds.
        var addCr = text.UsesCrlf && !patch.Hunks.SelectMany(hunk => hunk.Lines).Any(line => line.Text.EndsWith('\r'));

        var output = new List<OutputLine>(lines.Count);
        var outcomes = new List<HunkOutcome>();
        var conflicts = new List<HunkConflict>();
        var copied = 0;
        var offset = 0;
        for (var k = 0; k < patch.Hunks.Count; k++)
        {
            var hunk = patch.Hunks[k];
            var stated = hunk.OldCount == 0 ? hunk.OldStart : Math.Max(hunk.OldStart - 1, 0);
            var expected = stated + offset;
            if (HunkLocator.Locate(lines, hunk, expected, copied, maxFuzz) is not { } placement)
            {
                conflicts.Add(Conflict(k + 1, hunk, lines, expected, copied, maxFuzz));
                continue;
            }

            var at = placement.Start - placement.Leading;
            offset = at - stated;
            outcomes.Add(new HunkOutcome(k + 1, at + 1, offset, placement.Fuzz));

            for (; copied < placement.Start; copied++)
            {
                output.Add(new OutputLine(lines[copied], copied, false));
            }

            var lastNewSide = -1;
            var kept = hunk.Lines.Skip(placement.Leading).Take(hunk.Lines.Count - placement.Leading - placement.Trailing);
            foreach (var line in kept)
            {
                switch (line.Kind)
                {
                    case HunkLineKind.Context:
                        // The file's line, not the hunk's: under fuzz they may differ, and the file's is what is there.
                        output.Add(new OutputLine(lines[copied], copied, false));
                        lastNewSide = output.Count - 1;
                        copied++;
                        break;
                    case HunkLineKind.Removed:
                        copied++;
                        break;
                    default:
                        output.Add(new OutputLine(line.Text, -1, addCr));
                        lastNewSide = output.Count - 1;
                        break;
                }
            }

            if (hunk.NewMissingFinalNewline && placement.Trailing == 0 && lastNewSide >= 0)
            {
                output[lastNewSide] = output[lastNewSide] with { NoNewline = true };
            }
        }

        if (conflicts.Count > 0)
        {
            return new PatchResult(false, null, outcomes, conflicts);
        }

        for (; copied < lines.Count; copied++)
        {
            output.Add(new OutputLine(lines[copied], copied, false));
        }

        return new PatchResult(true, Join(output, text), outcomes, []);
    }

    private static string Join(List<OutputLine> output, TextLines original)
    {
        if (output.Count == 0)
        {
            return string.Empty;
        }

        // The last line keeps the original's missing newline only if it still is the original's last line;
        // otherwise "\ No newline at end of file" in the patch decides, and by default a line ends.
        var last = output[^1];
        var finalNewline = !last.NoNewline
            && (last.OriginalIndex != original.Lines.Count - 1 || original.EndsWithNewline);

        var builder = new StringBuilder();
        for (var i = 0; i < output.Count; i++)
        {
            builder.Append(output[i].Text);
            if (i < output.Count - 1 || finalNewline)
            {
                builder.Append(output[i].AddCr ? "\r\n" : "\n");
            }
        }

        return builder.ToString();
    }

    private static HunkConflict Conflict(int index, Hunk hunk, IReadOnlyList<string> lines, int expected, int floor, int maxFuzz)
    {
        var old = HunkLocator.OldLines(hunk);
        var at = Math.Clamp(expected, 0, lines.Count);
        var actual = lines.Skip(at).Take(old.Count).Select(line => TextLines.WithoutCarriageReturn(line).ToString()).ToList();
        return new HunkConflict(index, at + 1, Reason(old, lines, at, floor, maxFuzz), old, actual);
    }

    private static string Reason(List<string> old, IReadOnlyList<string> lines, int at, int floor, int maxFuzz)
    {
        var elsewhere = maxFuzz > 0
            ? $" It matches nowhere else in the file, even ignoring up to {maxFuzz} context lines at each end."
            : " It matches nowhere else in the file.";
        for (var i = 0; i < old.Count; i++)
        {
            if (at + i >= lines.Count)
            {
                return $"The file ends after line {lines.Count}, but the hunk expects \"{old[i]}\" at line {at + i + 1}." + elsewhere;
            }

            if (!TextLines.SameLine(lines[at + i], old[i]))
            {
                return $"Line {at + i + 1} is \"{TextLines.WithoutCarriageReturn(lines[at + i])}\", but the hunk expects \"{TextLines.WithoutCarriageReturn(old[i])}\"." + elsewhere;
            }
        }

        return at < floor
            ? $"The hunk's lines are at line {at + 1}, which an earlier hunk already changed; hunks must be in file order and must not overlap."
            : "The hunk's lines match at the expected line, but not within the part of the file after the previous hunk.";
    }

    /// <summary>A line of the result: <see cref="OriginalIndex"/> is its 0-based line in the original, or -1 if the patch added it.</summary>
    private readonly record struct OutputLine(string Text, int OriginalIndex, bool AddCr, bool NoNewline = false);
}
