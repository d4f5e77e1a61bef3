using BujjiCoder.Workspaces.Diffs;

namespace BujjiCoder.UnitTests.Diffs;

public sealed class UnifiedDiffParserTests
{
    [Fact]
    public void Parses_a_git_diff_with_modified_new_deleted_and_renamed_files()
    {
        const string diff = """
            diff --git a/src/app.cs b/src/app.cs
            index 83db48f..bf269f4 100644
            --- a/src/app.cs
            +++ b/src/app.cs
            @@ -1,3 +1,4 @@ namespace App;
             using System;
            +using System.Linq;
             
             class A {}
            @@ -10,2 +11,2 @@ class B
            -old
            +new
             tail
            diff --git a/docs/new.md b/docs/new.md
            new file mode 100644
            index 0000000..e69de29
            --- /dev/null
            +++ b/docs/new.md
            @@ -0,0 +1,2 @@
            +# Title
            +text
            diff --git a/gone.txt b/gone.txt
            deleted file mode 100644
            index e69de29..0000000
            --- a/gone.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -bye
            diff --git a/old name.txt b/new name.txt
            similarity index 90%
            rename from old name.txt
            rename to new name.txt
            index 1111111..2222222 100644
            --- a/old name.txt
            +++ b/new name.txt
            @@ -1 +1 @@
            -x
            +y
            diff --git a/my b/a.cs b/my b/c.cs
            similarity index 100%
            rename from my b/a.cs
            rename to my b/c.cs
            diff --git a/empty.txt b/empty.txt
            new file mode 100644
            index 0000000..e69de29

            """;

        var patches = UnifiedDiffParser.Parse(diff);

        Assert.Equal(6, patches.Count);

        var modified = patches[0];
        Assert.Equal(("src/app.cs", "src/app.cs"), (modified.OldPath, modified.NewPath));
        Assert.False(modified.IsNew || modified.IsDelete || modified.IsRename);
        Assert.Equal(2, modified.Hunks.Count);
        var first = modified.Hunks[0];
        Assert.Equal((1, 3, 1, 4), (first.OldStart, first.OldCount, first.NewStart, first.NewCount));
        Assert.Equal(
            [
                new HunkLine(HunkLineKind.Context, "using System;"),
                new HunkLine(HunkLineKind.Added, "using System.Linq;"),
                new HunkLine(HunkLineKind.Context, string.Empty),
                new HunkLine(HunkLineKind.Context, "class A {}"),
            ],
            first.Lines);
        Assert.Equal((10, 2, 11, 2), (modified.Hunks[1].OldStart, modified.Hunks[1].OldCount, modified.Hunks[1].NewStart, modified.Hunks[1].NewCount));

        var created = patches[1];
        Assert.True(created.IsNew);
        Assert.Null(created.OldPath);
        Assert.Equal("docs/new.md", created.Path);
        Assert.Equal(["# Title", "text"], created.Hunks.Single().Lines.Select(line => line.Text));

        var deleted = patches[2];
        Assert.True(deleted.IsDelete);
        Assert.Equal("gone.txt", deleted.Path);
        Assert.Equal((1, 1, 0, 0), (deleted.Hunks[0].OldStart, deleted.Hunks[0].OldCount, deleted.Hunks[0].NewStart, deleted.Hunks[0].NewCount));

        var renamed = patches[3];
        Assert.True(renamed.IsRename);
        Assert.Equal(("old name.txt", "new name.txt"), (renamed.OldPath, renamed.NewPath));
        Assert.Single(renamed.Hunks);

        var moved = patches[4];
        // Only the rename lines say where "diff --git a/my b/a.cs b/my b/c.cs" splits.
        Assert.Equal(("my b/a.cs", "my b/c.cs"), (moved.OldPath, moved.NewPath));
        Assert.Empty(moved.Hunks);

        var empty = patches[5];
        Assert.True(empty.IsNew);
        Assert.Equal("empty.txt", empty.Path);
        Assert.Empty(empty.Hunks);
    }

    [Fact]
    public void Parses_a_model_written_diff_with_prose_fences_missing_and_wrong_counts_and_no_prefixes()
    {
        const string diff = """
            Here is the fix for the greeting:

            ```diff
            --- src/greet.py
            +++ src/greet.py
            @@ -1 +1 @@
            -print("hi")
            +print("hello")
            @@ -10,2 +10,9 @@ def main():
                 x = 1

            -    return x
            +    return x + 1
            ```

            And the test:

            ```diff
            --- tests/test_greet.py
            +++ tests/test_greet.py
            @@ -3,7 +3,7 @@
             def test():
            -    assert False
            +    assert True
            ```
            That should do it.
            """;

        var patches = UnifiedDiffParser.Parse(diff);

        Assert.Equal(2, patches.Count);
        Assert.Equal(("src/greet.py", "src/greet.py"), (patches[0].OldPath, patches[0].NewPath));
        Assert.Equal(("tests/test_greet.py", "tests/test_greet.py"), (patches[1].OldPath, patches[1].NewPath));

        var missingCounts = patches[0].Hunks[0];
        Assert.Equal((1, 1, 1, 1), (missingCounts.OldStart, missingCounts.OldCount, missingCounts.NewStart, missingCounts.NewCount));

        // The header claims 2 and 9 lines; the lines say 3 and 3, the blank one being an empty context line.
        var wrongCounts = patches[0].Hunks[1];
        Assert.Equal((10, 3, 10, 3), (wrongCounts.OldStart, wrongCounts.OldCount, wrongCounts.NewStart, wrongCounts.NewCount));
        Assert.Equal(new HunkLine(HunkLineKind.Context, string.Empty), wrongCounts.Lines[1]);

        var understated = patches[1].Hunks.Single();
        Assert.Equal((2, 2), (understated.OldCount, understated.NewCount));
    }

    [Fact]
    public void Blank_lines_after_a_hunk_are_not_taken_as_context_when_the_counts_are_met()
    {
        var patches = UnifiedDiffParser.Parse("--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\n\nSome prose.\n");

        Assert.Equal(3, patches.Single().Hunks.Single().Lines.Count);
    }

    [Fact]
    public void Parses_diff_u_output_with_timestamps()
    {
        const string diff = "--- lib/old.c\t2024-05-01 10:00:00.000000000 +0200\n+++ lib/new.c\t2024-05-02 11:00:00.000000000 +0200\n@@ -1 +1 @@\n-a\n+b\n";

        var patch = UnifiedDiffParser.Parse(diff).Single();

        Assert.Equal(("lib/old.c", "lib/new.c"), (patch.OldPath, patch.NewPath));
    }

    [Theory]
    [InlineData("--- a/x.txt\n+++ b/x.txt\n", "x.txt", "x.txt")]
    [InlineData("--- a/x.txt\n+++ x.txt\n", "a/x.txt", "x.txt")]
    [InlineData("--- x.txt\n+++ b/x.txt\n", "x.txt", "b/x.txt")]
    [InlineData("--- a/a/x.txt\n+++ b/a/x.txt\n", "a/x.txt", "a/x.txt")]
    [InlineData("--- \"a/tab\\there \\\"q\\\" \\303\\251.txt\"\n+++ \"b/tab\\there \\\"q\\\" \\303\\251.txt\"\n", "tab\there \"q\" é.txt", "tab\there \"q\" é.txt")]
    public void Strips_a_and_b_only_when_both_are_there(string header, string oldPath, string newPath)
    {
        var patch = UnifiedDiffParser.Parse(header + "@@ -1 +1 @@\n-1\n+2\n").Single();

        Assert.Equal((oldPath, newPath), (patch.OldPath, patch.NewPath));
    }

    [Fact]
    public void Keeps_paths_as_written_in_a_git_diff_made_without_prefixes()
    {
        var patch = UnifiedDiffParser.Parse("diff --git a/x.txt a/x.txt\n--- a/x.txt\n+++ a/x.txt\n@@ -1 +1 @@\n-1\n+2\n").Single();

        Assert.Equal(("a/x.txt", "a/x.txt"), (patch.OldPath, patch.NewPath));
    }

    [Fact]
    public void Reads_no_newline_markers_for_each_side()
    {
        const string diff = "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n";

        var hunk = UnifiedDiffParser.Parse(diff).Single().Hunks.Single();

        Assert.True(hunk.OldMissingFinalNewline);
        Assert.True(hunk.NewMissingFinalNewline);
        Assert.Equal(3, hunk.Lines.Count);

        var onlyOld = UnifiedDiffParser.Parse("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-b\n\\ No newline at end of file\n+b\n").Single().Hunks.Single();
        Assert.True(onlyOld.OldMissingFinalNewline);
        Assert.False(onlyOld.NewMissingFinalNewline);

        var context = UnifiedDiffParser.Parse("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+z\n b\n\\ No newline at end of file\n").Single().Hunks.Single();
        Assert.True(context.OldMissingFinalNewline);
        Assert.True(context.NewMissingFinalNewline);
    }

    [Fact]
    public void Accepts_a_diff_sent_with_crlf_line_ends()
    {
        const string diff = "Patch:\r\n--- a/f.txt\r\n+++ b/f.txt\r\n@@ -1,2 +1,2 @@\r\n keep\r\n-old\r\n+new\r\n";

        var patch = UnifiedDiffParser.Parse(diff).Single();

        Assert.Equal("f.txt", patch.Path);
        Assert.Equal(["keep", "old", "new"], patch.Hunks.Single().Lines.Select(line => line.Text));
    }

    [Fact]
    public void Keeps_carriage_returns_that_belong_to_the_file()
    {
        const string diff = "--- a/f.txt\n+++ b/f.txt\n@@ -1 +1 @@\n-old\r\n+new\r\n";

        var hunk = UnifiedDiffParser.Parse(diff).Single().Hunks.Single();

        Assert.Equal(["old\r", "new\r"], hunk.Lines.Select(line => line.Text));
    }

    [Theory]
    [InlineData("", 1, "No file header")]
    [InlineData("Just some prose.\nNothing else.\n", 1, "No file header")]
    [InlineData("@@ -1 +1 @@\n-a\n+b\n", 1, "before any file header")]
    [InlineData("intro\n--- a/x\n+++ b/x\n@@ -1,2 +1,2\n-a\n+b\n", 4, "Malformed hunk header")]
    [InlineData("--- a/x\n+++ b/x\n@@ one @@\n-a\n", 3, "Malformed hunk header")]
    [InlineData("--- a/x\n+++ b/x\n@@ -1 +1 @@\n@@ -5 +5 @@\n-a\n+b\n", 3, "no lines")]
    [InlineData("--- a/x\n+++ b/x\nno hunks here\n", 1, "no hunks")]
    [InlineData("diff --git a/x b/x\nindex 1..2 100644\n", 1, "no hunks")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/y\n+++ b/y\n", 7, "no hunks")]
    [InlineData("diff --git a/img.png b/img.png\nindex 1..2 100644\nBinary files a/img.png and b/img.png differ\n", 3, "Binary patches are unsupported")]
    [InlineData("diff --git a/img.png b/img.png\nGIT binary patch\nliteral 5\n", 2, "Binary patches are unsupported")]
    [InlineData("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+a\n b\n", 3, "may only add lines")]
    [InlineData("--- a/old.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n+b\n", 3, "may only remove lines")]
    [InlineData("--- /dev/null\n+++ /dev/null\n@@ -0,0 +1 @@\n+a\n", 1, "/dev/null")]
    [InlineData("--- \n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", 1, "empty path")]
    [InlineData("--- a/x\n+++ b/x\n@@ -1 +1 @@\n\\ No newline at end of file\n-a\n", 4, "must follow a line")]
    [InlineData("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n\\ No newline at end of file\n-b\n", 6, "belongs after the last line")]
    [InlineData("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/x\n+++ b/x\n@@ -99999999999 +1 @@\n-a\n", 8, "too large")]
    public void Malformed_diffs_are_rejected_with_the_line_at_fault(string diff, int line, string reason)
    {
        var error = Assert.Throws<DiffFormatException>(() => UnifiedDiffParser.Parse(diff));

        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Line {line} of the diff: ", error.Message, StringComparison.Ordinal);
    }
}
