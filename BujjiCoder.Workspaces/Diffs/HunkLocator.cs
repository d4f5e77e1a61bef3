namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Finds where a hunk's old lines are, the way GNU patch does: exactly first, nearest to where the hunk expects
/// to be, then ignoring more and more context lines at its ends (the fuzz). Removed lines are never ignored, so
/// fuzz cannot delete a line the hunk did not name.
/// </summary>
public static class HunkLocator
{
    /// <param name="lines">The file's lines.</param>
    /// <param name="hunk">The hunk to place.</param>
    /// <param name="expected">0-based line where the hunk's first old line should be.</param>
    /// <param name="floor">First line the hunk may touch: earlier lines belong to earlier hunks.</param>
    /// <param name="maxFuzz">Most context lines to ignore at each end.</param>
    public static HunkPlacement? Locate(IReadOnlyList<string> lines, Hunk hunk, int expected, int floor, int maxFuzz)
    {
        var old = OldLines(hunk);
        var leadingContext = hunk.Lines.TakeWhile(line => line.Kind == HunkLineKind.Context).Count();
        var trailingContext = hunk.Lines.AsEnumerable().Reverse().TakeWhile(line => line.Kind == HunkLineKind.Context).Count();
        var previous = (Leading: -1, Trailing: -1);
        for (var fuzz = 0; fuzz <= maxFuzz; fuzz++)
        {
            var leading = Math.Min(fuzz, leadingContext);
            var trailing = Math.Min(fuzz, trailingContext);
            if ((leading, trailing) == previous)
            {
                break;
            }

            // Ignoring every old line would let the hunk land anywhere; patch needs something to anchor to.
            if (old.Count > 0 && leading + trailing >= old.Count)
            {
                break;
            }

            previous = (leading, trailing);
            var start = Search(lines, old, leading, old.Count - leading - trailing, expected + leading, floor);
            if (start is { } found)
            {
                return new HunkPlacement(found, leading, trailing, fuzz);
            }
        }

        return null;
    }

    public static List<string> OldLines(Hunk hunk) =>
        [.. hunk.Lines.Where(line => line.Kind != HunkLineKind.Added).Select(line => line.Text)];

    public static bool MatchesAt(IReadOnlyList<string> lines, List<string> old, int from, int count, int at)
    {
        if (at < 0 || at + count > lines.Count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!TextLines.SameLine(lines[at + i], old[from + i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tries <paramref name="expected"/> first, then one line later, one earlier, two later, and so on.</summary>
    private static int? Search(IReadOnlyList<string> lines, List<string> old, int from, int count, int expected, int floor)
    {
        var highest = lines.Count - count;
        if (highest < floor)
        {
            return null;
        }

        var centre = Math.Clamp(expected, floor, highest);
        for (var distance = 0; centre + distance <= highest || centre - distance >= floor; distance++)
        {
            if (centre + distance <= highest && MatchesAt(lines, old, from, count, centre + distance))
            {
                return centre + distance;
            }

            if (distance > 0 && centre - distance >= floor && MatchesAt(lines, old, from, count, centre - distance))
            {
                return centre - distance;
            }
        }

        return null;
    }
}
