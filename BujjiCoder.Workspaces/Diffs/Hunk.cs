namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// One hunk. The counts are recounted from <see cref="Lines"/> because models often get the header's counts wrong.
/// As in the header, a start is 1-based, except that with a count of 0 it names the line the hunk comes after.
/// The two flags carry "\ No newline at end of file": the last line of that side has no line terminator.
/// </summary>
public sealed record Hunk(
    int OldStart,
    int OldCount,
    int NewStart,
    int NewCount,
    IReadOnlyList<HunkLine> Lines,
    bool OldMissingFinalNewline = false,
    bool NewMissingFinalNewline = false);
