using BujjiCoder.Workspaces.Diffs;

namespace BujjiCoder.UnitTests.Diffs;

/// <summary>Whatever the writer writes, the parser and applier must turn back into exactly the new text.</summary>
public sealed class DiffRoundTripTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "a\nb\nc\n", "a\nB\nc\n" },
        { "a\nb\nc", "a\nb\nc\n" },
        { "a\nb\nc\n", "a\nb\nc" },
        { "a\nb\nc", "a\nB\nc" },
        { "a\nb\nc", "x\nb\nc" },
        { string.Empty, "new\ncontent\n" },
        { "old\ncontent\n", string.Empty },
        { string.Empty, "x" },
        { "x", string.Empty },
        { "\n", "\n\n" },
        { "one\r\ntwo\r\nthree\r\n", "one\r\n2\r\nthree\r\nfour\r\n" },
        { "one\r\ntwo\r\nthree", "one\r\ntwo\r\nthree\r\n" },
        { "crlf\r\nfile\r\n", "crlf\nfile\n" },
        { "mixed\r\nends\nhere\r\n", "mixed\nends\r\nhere\r\n" },
        { "lone\rcarriage\nreturn\n", "lone\rcarriage\nreturned\n" },
        { "-- sql comment\n++ odd\nx\n", "--- header look-alike\n+++ also\n@@ -1 +1 @@\nx\n" },
        { "\\ backslash\n \n\n", "\\ changed\n  \n\n\n" },
        { Numbered(1, 40), Numbered(1, 40).Replace("line 5\n", "line five\n", StringComparison.Ordinal).Replace("line 30\n", string.Empty, StringComparison.Ordinal) + "line 41" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Applying_the_written_diff_gives_the_new_text(string before, string after)
    {
        foreach (var context in new[] { 0, 1, 3 })
        {
            AssertRoundTrip(before, after, context);
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void New_and_deleted_files_round_trip(string before, string after)
    {
        _ = before;
        var created = UnifiedDiffParser.Parse(UnifiedDiffWriter.Write(null, "f.txt", null, after)).Single();
        Assert.True(created.IsNew);
        Assert.Equal(after, PatchApplier.Apply(null, created).Text);

        var deleted = UnifiedDiffParser.Parse(UnifiedDiffWriter.Write("f.txt", null, after, null)).Single();
        var result = PatchApplier.Apply(after, deleted);
        Assert.True(deleted.IsDelete);
        Assert.True(result.Applies);
        Assert.Null(result.Text);
    }

    [Fact]
    public void Random_edits_round_trip()
    {
        var random = new Random(20240501);
        string[] vocabulary = ["alpha", "beta", "gamma", string.Empty, "  indented", "}", "{", "alpha"];
        for (var run = 0; run < 300; run++)
        {
            var lines = Enumerable.Range(0, random.Next(0, 30)).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToList();
            var edited = new List<string>(lines);
            for (var edit = random.Next(1, 6); edit > 0; edit--)
            {
                var at = random.Next(edited.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when at < edited.Count:
                        edited.RemoveAt(at);
                        break;
                    case 1 when at < edited.Count:
                        edited[at] = vocabulary[random.Next(vocabulary.Length)] + " changed";
                        break;
                    default:
                        edited.Insert(at, vocabulary[random.Next(vocabulary.Length)]);
                        break;
                }
            }

            var newline = random.Next(2) == 0 ? "\n" : "\r\n";
            var before = Join(lines, newline, random.Next(3) > 0);
            var after = Join(edited, newline, random.Next(3) > 0);
            AssertRoundTrip(before, after, random.Next(4));
        }
    }

    private static void AssertRoundTrip(string before, string after, int context)
    {
        var diff = UnifiedDiffWriter.Write("f.txt", "f.txt", before, after, context);
        if (before == after)
        {
            Assert.Equal(string.Empty, diff);
            return;
        }

        var result = PatchApplier.Apply(before, UnifiedDiffParser.Parse(diff).Single(), maxFuzz: 0);

        Assert.True(result.Applies, diff);
        Assert.Equal(after, result.Text);
        Assert.All(result.Hunks, hunk => Assert.Equal(0, hunk.Offset));
    }

    private static string Join(List<string> lines, string newline, bool finalNewline) =>
        lines.Count == 0 ? string.Empty : string.Join(newline, lines) + (finalNewline ? newline : string.Empty);

    private static string Numbered(int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(n => $"line {n}\n"));
}
