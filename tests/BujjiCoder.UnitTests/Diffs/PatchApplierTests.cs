using BujjiCoder.Workspaces.Diffs;

namespace BujjiCoder.UnitTests.Diffs;

public sealed class PatchApplierTests
{
    private const string Original = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";

    private const string ChangeFiveAndNine = """
        --- a/n.txt
        +++ b/n.txt
        @@ -3,5 +3,5 @@
         three
         four
        -five
        +FIVE
         six
         seven
        @@ -8,3 +8,4 @@
         eight
        -nine
        +NINE
        +nine and a half
         ten

        """;

    private static FilePatch Single(string diff) => UnifiedDiffParser.Parse(diff).Single();

    [Fact]
    public void Applies_hunks_exactly_where_they_say()
    {
        var result = PatchApplier.Apply(Original, Single(ChangeFiveAndNine));

        Assert.True(result.Applies);
        Assert.Equal("one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\nNINE\nnine and a half\nten\n", result.Text);
        Assert.Equal([new HunkOutcome(1, 3, 0, 0), new HunkOutcome(2, 8, 0, 0)], result.Hunks);
        Assert.Empty(result.Conflicts);
    }

    [Fact]
    public void Finds_hunks_that_moved_because_lines_were_inserted_above()
    {
        var shifted = "zero\nzero and a half\nzero and three quarters\n" + Original;

        var result = PatchApplier.Apply(shifted, Single(ChangeFiveAndNine));

        Assert.True(result.Applies);
        Assert.Equal("zero\nzero and a half\nzero and three quarters\none\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\nNINE\nnine and a half\nten\n", result.Text);
        Assert.Equal([new HunkOutcome(1, 6, 3, 0), new HunkOutcome(2, 11, 3, 0)], result.Hunks);
    }

    [Fact]
    public void Prefers_the_nearest_match_to_the_expected_line()
    {
        const string text = "x\nx\nx\nx\nx\nx\nx\n";
        const string diff = "--- a/f\n+++ b/f\n@@ -5 +5 @@\n-x\n+y\n";

        var result = PatchApplier.Apply(text, Single(diff));

        Assert.Equal("x\nx\nx\nx\ny\nx\nx\n", result.Text);
        Assert.Equal(0, result.Hunks.Single().Offset);
    }

    [Fact]
    public void Applies_with_fuzz_when_a_context_line_changed_and_keeps_the_files_line()
    {
        var edited = Original.Replace("three", "THREE (edited)", StringComparison.Ordinal);

        var result = PatchApplier.Apply(edited, Single(ChangeFiveAndNine));

        Assert.True(result.Applies);
        Assert.Equal("one\ntwo\nTHREE (edited)\nfour\nFIVE\nsix\nseven\neight\nNINE\nnine and a half\nten\n", result.Text);
        Assert.Equal([new HunkOutcome(1, 3, 0, 1), new HunkOutcome(2, 8, 0, 0)], result.Hunks);
    }

    [Fact]
    public void Without_fuzz_a_changed_context_line_is_a_conflict()
    {
        var edited = Original.Replace("three", "THREE (edited)", StringComparison.Ordinal);

        var result = PatchApplier.Apply(edited, Single(ChangeFiveAndNine), maxFuzz: 0);

        Assert.False(result.Applies);
        Assert.Equal(1, result.Conflicts.Single().Hunk);
    }

    [Fact]
    public void Fuzz_never_ignores_a_removed_line()
    {
        var edited = Original.Replace("five", "five (edited)", StringComparison.Ordinal);

        var result = PatchApplier.Apply(edited, Single(ChangeFiveAndNine));

        Assert.False(result.Applies);
        Assert.Null(result.Text);
        Assert.Equal([new HunkOutcome(2, 8, 0, 0)], result.Hunks);
        var conflict = result.Conflicts.Single();
        Assert.Equal(1, conflict.Hunk);
        Assert.Equal(3, conflict.ExpectedAtLine);
        Assert.Equal(["three", "four", "five", "six", "seven"], conflict.Expected);
        Assert.Equal(["three", "four", "five (edited)", "six", "seven"], conflict.Actual);
        Assert.Contains("Line 5 is \"five (edited)\", but the hunk expects \"five\"", conflict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hunk_that_fits_nowhere_is_a_conflict_and_nothing_is_returned()
    {
        const string diff = "--- a/n.txt\n+++ b/n.txt\n@@ -2,3 +2,3 @@\n two\n-deux\n+2\n three\n@@ -9,2 +9,2 @@\n nine\n-ten\n+TEN\n";

        var result = PatchApplier.Apply(Original, Single(diff));

        Assert.False(result.Applies);
        Assert.Null(result.Text);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(["two", "deux", "three"], conflict.Expected);
        Assert.Equal(["two", "three", "four"], conflict.Actual);
        Assert.Equal((1, 2), (conflict.Hunk, conflict.ExpectedAtLine));
        Assert.Contains("Line 3 is \"three\", but the hunk expects \"deux\"", conflict.Reason, StringComparison.Ordinal);
        Assert.Equal([new HunkOutcome(2, 9, 0, 0)], result.Hunks);
    }

    [Fact]
    public void Hunks_may_not_go_back_over_an_earlier_hunk()
    {
        const string diff = "--- a/n.txt\n+++ b/n.txt\n@@ -8,2 +8,2 @@\n eight\n-nine\n+NINE\n@@ -2,2 +2,2 @@\n two\n-three\n+THREE\n";

        var result = PatchApplier.Apply(Original, Single(diff));

        Assert.False(result.Applies);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(2, conflict.Hunk);
        Assert.Contains("in file order", conflict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Creates_a_new_file()
    {
        var patch = Single("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n");

        var result = PatchApplier.Apply(null, patch);

        Assert.True(result.Applies);
        Assert.Equal("hello\nworld\n", result.Text);
    }

    [Fact]
    public void Creates_a_new_empty_file()
    {
        var patch = Single("diff --git a/e.txt b/e.txt\nnew file mode 100644\n");

        var result = PatchApplier.Apply(null, patch);

        Assert.True(result.Applies);
        Assert.Equal(string.Empty, result.Text);
    }

    [Fact]
    public void Creating_a_file_that_exists_is_a_conflict()
    {
        var patch = Single("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hello\n");

        var result = PatchApplier.Apply("already here\n", patch);

        Assert.False(result.Applies);
        Assert.Null(result.Text);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(0, conflict.Hunk);
        Assert.Contains("already exists", conflict.Reason, StringComparison.Ordinal);
        Assert.Equal(["already here"], conflict.Actual);
    }

    [Fact]
    public void Changing_or_deleting_a_missing_file_is_a_conflict()
    {
        var modify = PatchApplier.Apply(null, Single(ChangeFiveAndNine));
        var delete = PatchApplier.Apply(null, Single("--- a/gone\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"));

        Assert.All([modify, delete], result =>
        {
            Assert.False(result.Applies);
            Assert.Contains("does not exist", Assert.Single(result.Conflicts).Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Deletes_a_file_whose_content_matches()
    {
        var patch = Single("--- a/gone.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n");

        var result = PatchApplier.Apply("a\r\nb\r\n", patch);

        Assert.True(result.Applies);
        Assert.Null(result.Text);
        Assert.Empty(result.Conflicts);
    }

    [Theory]
    [InlineData("a\nb\nc\n")]
    [InlineData("a\nB\n")]
    [InlineData("a\n")]
    public void Deleting_a_file_whose_content_differs_is_a_conflict(string content)
    {
        var patch = Single("--- a/gone.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n");

        var result = PatchApplier.Apply(content, patch);

        Assert.False(result.Applies);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(["a", "b"], conflict.Expected);
        Assert.Equal(content.TrimEnd('\n').Split('\n'), conflict.Actual);
    }

    [Fact]
    public void Removes_the_final_newline_when_the_new_side_says_so()
    {
        var patch = Single("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n");

        Assert.Equal("a\nb", PatchApplier.Apply("a\nb\n", patch).Text);
    }

    [Fact]
    public void Adds_the_final_newline_when_the_old_side_lacked_it()
    {
        var patch = Single("--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");

        Assert.Equal("a\nb\nc\n", PatchApplier.Apply("a\nb", patch).Text);
    }

    [Fact]
    public void Keeps_a_missing_final_newline_when_the_end_is_untouched()
    {
        var patch = Single("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+A\n b\n");

        Assert.Equal("A\nb\nc", PatchApplier.Apply("a\nb\nc", patch).Text);
        Assert.Equal("A\nb", PatchApplier.Apply("a\nb", patch).Text);
    }

    [Fact]
    public void Keeps_crlf_line_ends_when_a_model_writes_the_diff_with_lf()
    {
        var patch = Single("--- a/win.txt\n+++ b/win.txt\n@@ -1,3 +1,4 @@\n first\n-second\n+SECOND\n+extra\n third\n");

        var result = PatchApplier.Apply("first\r\nsecond\r\nthird\r\nfourth\r\n", patch);

        Assert.Equal("first\r\nSECOND\r\nextra\r\nthird\r\nfourth\r\n", result.Text);
    }

    [Fact]
    public void Keeps_lf_line_ends_when_a_crlf_diff_patches_an_lf_file()
    {
        var patch = Single("--- a/f.txt\r\n+++ b/f.txt\r\n@@ -1,2 +1,2 @@\r\n keep\r\n-old\r\n+new\r\n");

        Assert.Equal("keep\nnew\nrest\n", PatchApplier.Apply("keep\nold\nrest\n", patch).Text);
    }

    [Fact]
    public void Inserts_a_hunk_without_old_lines_after_the_line_it_names()
    {
        var patch = Single("--- a/n.txt\n+++ b/n.txt\n@@ -2,0 +3 @@\n+two and a half\n");

        var result = PatchApplier.Apply("one\ntwo\nthree\n", patch);

        Assert.Equal("one\ntwo\ntwo and a half\nthree\n", result.Text);
    }

    [Fact]
    public void A_negative_fuzz_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchApplier.Apply(Original, Single(ChangeFiveAndNine), -1));
    }
}
